import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Button, CollapseIcon, ExpandIcon, Notice, PageHeader, RefreshIcon } from '../design-system';
import { QueueBoard, useQueues } from '../features/queues';
import { useDocumentTitle } from '../features/shell';
import { StaffingPanel } from '../features/staffing';
import { useFormatters } from '../i18n/formatters';
import './pages.css';

export const WALL_DISPLAY_PARAM = 'display';

/**
 * Wall display mode, kept in the address (/wallboard?display=wall) so a wall screen's browser can
 * open straight into it. It scales the console up for reading at a distance and, where the
 * browser allows, goes full screen.
 */
function useWallDisplay(): { active: boolean; toggle(): void } {
  const [searchParams, setSearchParams] = useSearchParams();
  const active = searchParams.get(WALL_DISPLAY_PARAM) === 'wall';

  useEffect(() => {
    const root = document.documentElement;
    if (active) root.dataset.display = 'wall';
    else delete root.dataset.display;
    return () => {
      delete root.dataset.display;
    };
  }, [active]);

  const toggle = () => {
    const next = new URLSearchParams(searchParams);
    if (active) {
      next.delete(WALL_DISPLAY_PARAM);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    } else {
      next.set(WALL_DISPLAY_PARAM, 'wall');
      if (document.fullscreenEnabled) void document.documentElement.requestFullscreen().catch(() => undefined);
    }
    setSearchParams(next, { replace: true });
  };
  return { active, toggle };
}

export function WallboardPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const queues = useQueues();
  const wallDisplay = useWallDisplay();
  useDocumentTitle(t('nav.wallboard'));

  return (
    <>
      <PageHeader
        title={t('wallboard.title')}
        description={t('wallboard.description')}
        actions={
          <>
            {queues.updatedAt ? (
              <span className="cc-updated" aria-live="polite">
                {t('wallboard.updatedAt', { time: format.time(queues.updatedAt) })}
              </span>
            ) : null}
            <Button icon={<RefreshIcon />} onClick={queues.reload} busy={queues.busy} size="sm">
              {t('wallboard.refresh')}
            </Button>
            <Button
              icon={wallDisplay.active ? <CollapseIcon /> : <ExpandIcon />}
              onClick={wallDisplay.toggle}
              aria-pressed={wallDisplay.active}
              size="sm"
            >
              {wallDisplay.active ? t('wallboard.exitWallDisplay') : t('wallboard.wallDisplay')}
            </Button>
          </>
        }
      />
      {queues.data && queues.data.length > 0 ? (
        <div className="cc-wallboard__summary">
          <p className="cc-wallboard__count">
            {t('wallboard.queueCount', { count: queues.data.length })}
            <span className="cc-wallboard__order"> · {t('wallboard.order')}</span>
          </p>
          <Notice tone="info">{t('wallboard.liveNote')}</Notice>
        </div>
      ) : null}
      <QueueBoard
        status={queues.status}
        queues={queues.data}
        error={queues.error}
        updatedAt={queues.updatedAt}
        busy={queues.busy}
        onRetry={queues.reload}
      />
      <StaffingPanel queues={queues.data} />
    </>
  );
}
