import { ALERT_KINDS, COMPLAINT_ALERT_KINDS, type RealtimeAlert, type WallboardAgent } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { AlertIcon, BellIcon, Button, EmptyState, Panel } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import './AlertsPanel.css';

const KNOWN_KINDS: ReadonlySet<string> = new Set([...ALERT_KINDS, ...COMPLAINT_ALERT_KINDS]);

export interface AlertsPanelProps {
  /** Alerts the server raised while this console was open, newest first. */
  alerts: readonly RealtimeAlert[];
  /** Agents now on the floor, for the conditions that stand until someone acts. */
  agents: readonly WallboardAgent[];
  onDismiss(id: string): void;
}

interface Item {
  key: string;
  severity: RealtimeAlert['severity'];
  text: string;
  at: number | null;
  dismissible: boolean;
}

/**
 * What needs a supervisor now: conditions that stand (agents made not ready by missed offers, desktops
 * disconnected with live contacts) and alerts as they come (threatening calls, complaint deadlines).
 */
export function AlertsPanel({ alerts, agents, onDismiss }: AlertsPanelProps) {
  const { t } = useTranslation();
  const format = useFormatters();

  const describe = (alert: RealtimeAlert): string => {
    if (!KNOWN_KINDS.has(alert.kind)) return alert.message;
    const details = alert.details ?? {};
    return t(`alerts.kinds.${alert.kind}`, {
      name: alert.agentName ?? t('complaint.someone'),
      count: typeof details.count === 'number' ? details.count : Array.isArray(details.heldContactIds) ? details.heldContactIds.length : 1,
      number: typeof details.number === 'string' ? details.number : '',
      workstation: typeof details.workstation === 'string' ? details.workstation : '',
    });
  };

  const standing: Item[] = [
    ...agents
      .filter((agent) => agent.disconnected && agent.contactIds.length > 0)
      .map((agent) => ({
        key: `disconnected-${agent.id}`,
        severity: 'critical' as const,
        text: t('alerts.standing.disconnected', { name: agent.displayName, count: agent.contactIds.length }),
        at: agent.stateSince || null,
        dismissible: false,
      })),
    ...agents
      .filter((agent) => agent.state === 'not_ready' && agent.notReadyReason === 'missed_offers')
      .map((agent) => ({
        key: `missed-${agent.id}`,
        severity: 'warning' as const,
        text: t('alerts.standing.missedOffers', { name: agent.displayName }),
        at: agent.stateSince || null,
        dismissible: false,
      })),
  ];
  const raised: Item[] = alerts.map((alert) => ({ key: alert.id, severity: alert.severity, text: describe(alert), at: alert.at, dismissible: true }));
  const items = [...standing, ...raised];

  return (
    <Panel title={t('alerts.title')} description={t('alerts.description')} className="cc-alerts">
      {items.length === 0 ? (
        <EmptyState icon={<BellIcon />} title={t('alerts.emptyTitle')}>
          <p>{t('alerts.emptyBody')}</p>
        </EmptyState>
      ) : (
        <ul className="cc-alerts__list" aria-live="polite" data-testid="alerts">
          {items.map((item) => (
            <li key={item.key} className={`cc-alerts__item cc-alerts__item--${item.severity}`}>
              <AlertIcon className="cc-alerts__icon" aria-hidden="true" />
              <span className="cc-visually-hidden">{t(`alerts.severity.${item.severity}`)}: </span>
              <span className="cc-alerts__text">{item.text}</span>
              {item.at ? <time className="cc-alerts__time">{format.shortTime(item.at)}</time> : null}
              {item.dismissible ? (
                <Button size="sm" variant="ghost" onClick={() => onDismiss(item.key)} aria-label={t('alerts.dismiss', { text: item.text })}>
                  {t('common.dismiss')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
