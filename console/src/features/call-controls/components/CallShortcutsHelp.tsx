import { useTranslation } from 'react-i18next';
import { Kbd } from '../../../design-system';
import { STATE_KEYS } from './CallWorkspace';

/** The desk's call and state shortcuts, as entries of the shortcuts help's list. */
export function CallShortcutsHelp() {
  const { t } = useTranslation();
  const entries: Array<[string, string]> = [
    ['X', t('shortcuts.callHangUp')],
    ['H', t('shortcuts.callHold')],
    ['U', t('shortcuts.callMute')],
    ['T', t('shortcuts.callTransfer')],
    ['W', t('shortcuts.wrapUp')],
    ...STATE_KEYS.map((entry): [string, string] => [
      entry.key,
      entry.state === 'available' ? t('shortcuts.stateAvailable') : t('shortcuts.stateNotReady', { reason: t(`notReadyReasons.${entry.reason}`) }),
    ]),
  ];
  return (
    <>
      {entries.map(([key, label]) => (
        <div key={key}>
          <dt>
            <Kbd>{key}</Kbd>
          </dt>
          <dd>{label}</dd>
        </div>
      ))}
    </>
  );
}
