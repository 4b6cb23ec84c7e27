import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Kbd } from '../../../design-system';
import { CallShortcutsHelp } from '../../call-controls';
import type { NavItem } from '../nav-items';
import './ShortcutsHelp.css';

/** The list of keyboard shortcuts, opened with "?" or the keyboard button; Escape closes it. */
export function ShortcutsHelp({ items, onClose }: { items: readonly NavItem[]; onClose(): void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const previouslyFocused = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      previouslyFocused?.focus?.();
    };
  }, [onClose]);

  return (
    <div className="cc-shortcuts" role="dialog" aria-modal="false" aria-labelledby={titleId}>
      <div className="cc-shortcuts__header">
        <h2 id={titleId} className="cc-shortcuts__title">
          {t('shortcuts.title')}
        </h2>
        <Button ref={closeRef} size="sm" variant="ghost" onClick={onClose}>
          {t('shortcuts.close')}
        </Button>
      </div>
      <dl className="cc-shortcuts__list">
        {items.map((item) => (
          <div key={item.path}>
            <dt>
              <Kbd>g</Kbd> <span className="cc-shortcuts__then">{t('shortcuts.then')}</span> <Kbd>{item.shortcut}</Kbd>
            </dt>
            <dd>{t('shortcuts.goTo', { page: t(item.labelKey) })}</dd>
          </div>
        ))}
        {items.some((item) => item.path === '/agent') ? (
          <>
            <div>
              <dt>
                <Kbd>A</Kbd>
              </dt>
              <dd>{t('shortcuts.accept')}</dd>
            </div>
            <div>
              <dt>
                <Kbd>R</Kbd>
              </dt>
              <dd>{t('shortcuts.reject')}</dd>
            </div>
            <div>
              <dt>
                <Kbd>M</Kbd>
              </dt>
              <dd>{t('shortcuts.mute')}</dd>
            </div>
            <CallShortcutsHelp />
          </>
        ) : null}
        <div>
          <dt>
            <Kbd>?</Kbd>
          </dt>
          <dd>{t('shortcuts.help')}</dd>
        </div>
        <div>
          <dt>
            <Kbd>Esc</Kbd>
          </dt>
          <dd>{t('shortcuts.closeHelp')}</dd>
        </div>
      </dl>
    </div>
  );
}
