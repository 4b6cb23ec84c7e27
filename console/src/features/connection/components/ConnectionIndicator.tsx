import { useTranslation } from 'react-i18next';
import { useConnectionStatus, type ConnectionStatus } from '../hooks/useServerConnection';
import './ConnectionIndicator.css';

/** The connection light in the top bar; the words say the status, the colour repeats it. */
export function ConnectionIndicator({ status: given }: { status?: ConnectionStatus }) {
  const { t } = useTranslation();
  const fromContext = useConnectionStatus();
  const status = given ?? fromContext;
  return (
    <div
      className={`cc-connection cc-connection--${status}`}
      role="status"
      title={status === 'offline' ? t('connection.offlineHint') : undefined}
      data-status={status}
    >
      <span className="cc-connection__dot" aria-hidden="true" />
      <span className="cc-visually-hidden">{t('connection.label')}: </span>
      <span className="cc-connection__text">{t(`connection.${status}`)}</span>
    </div>
  );
}
