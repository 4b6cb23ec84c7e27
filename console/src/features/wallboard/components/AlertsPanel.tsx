import { ALERT_KINDS, COMPLAINT_ALERT_KINDS, POOR_SATISFACTION_ALERT, type AlertAcknowledgement, type RealtimeAlert, type WallboardAgent } from '@callcentre/shared';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertIcon, BellIcon, Button, EmptyState, Notice, Panel, withUserText } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { useEmailAlertText } from '../../email';
import './AlertsPanel.css';

const KNOWN_KINDS: ReadonlySet<string> = new Set([...ALERT_KINDS, ...COMPLAINT_ALERT_KINDS]);

export interface AlertsPanelProps {
  /**
   * The alerts addressed to this person, open first (raised before the console connected included, from the
   * snapshot), then those acknowledged lately.
   */
  alerts: readonly RealtimeAlert[];
  /** Agents now on the floor, for the conditions that stand until someone acts. */
  agents: readonly WallboardAgent[];
  /** Supervisors and team leads acknowledge alerts; others only read them. */
  canAcknowledge: boolean;
  /** Takes the alert off everyone's open list; rejects with the server's refusal. */
  onAcknowledge(id: string): Promise<unknown>;
  /** Stops showing an acknowledged alert on this console. */
  onDismiss(id: string): void;
}

interface Item {
  key: string;
  severity: RealtimeAlert['severity'];
  text: string;
  /** The text as shown, people's names in it isolated; `text` when it names nobody. */
  shown?: ReactNode;
  at: number | null;
  /** A raised alert: open (null) or acknowledged; standing conditions have none. */
  raised: { acknowledged: AlertAcknowledgement | null } | null;
}

/**
 * What needs a supervisor or team lead now: conditions that stand (agents made not ready by missed offers,
 * desktops disconnected with live contacts) and alerts raised (threatening calls, complaint deadlines, routing's),
 * open until someone acknowledges them for everyone, then shown as acknowledged (by whom, when) for a while.
 */
export function AlertsPanel({ alerts, agents, canAcknowledge, onAcknowledge, onDismiss }: AlertsPanelProps) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const describeError = useActionErrorMessage();
  const describeEmail = useEmailAlertText();
  const [pending, setPending] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const describe = (alert: RealtimeAlert): string => {
    const details = alert.details ?? {};
    if (alert.kind === POOR_SATISFACTION_ALERT) {
      return t('satisfaction.alert', { name: alert.agentName ?? t('complaint.someone'), satisfaction: details.satisfaction, experience: details.experience, expectation: details.expectation });
    }
    const email = describeEmail(alert);
    if (email) return email;
    if (!KNOWN_KINDS.has(alert.kind)) return alert.message;
    if (alert.kind === 'queue_unstaffed') return describeUnstaffed(details);
    return t(`alerts.kinds.${alert.kind}`, {
      name: alert.agentName ?? t('complaint.someone'),
      count: typeof details.count === 'number' ? details.count : Array.isArray(details.heldContactIds) ? details.heldContactIds.length : 1,
      number: typeof details.number === 'string' ? details.number : '',
      workstation: typeof details.workstation === 'string' ? details.workstation : '',
    });
  };

  /** Languages in the console's words; skills by the name the centre gave them. */
  const describeUnstaffed = (details: Readonly<Record<string, unknown>>): string => {
    const queue = typeof details.queueName === 'string' ? details.queueName : '';
    const missing = (Array.isArray(details.missing) ? (details.missing as Array<{ code?: unknown; kind?: unknown; name?: unknown }>) : []).map((requirement) => {
      const name = typeof requirement.name === 'string' ? requirement.name : String(requirement.code ?? '');
      return requirement.kind === 'language' ? t(`languages.${String(requirement.code)}`, { defaultValue: name }) : name;
    });
    if (missing.length > 0) return t('alerts.kinds.queue_unstaffed', { queue, missing: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(missing) });
    const channel = typeof details.channel === 'string' ? t(`channels.${details.channel}`).toLocaleLowerCase() : '';
    return t('alerts.kinds.queue_unstaffed_channel', { queue, channel });
  };

  const acknowledge = async (id: string) => {
    setPending(id);
    setFailure(null);
    try {
      await onAcknowledge(id);
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setPending(null);
    }
  };

  const standing: Item[] = [
    ...agents
      .filter((agent) => agent.disconnected && agent.contactIds.length > 0)
      .map((agent) => ({
        key: `disconnected-${agent.id}`,
        severity: 'critical' as const,
        text: t('alerts.standing.disconnected', { name: agent.displayName, count: agent.contactIds.length }),
        shown: withUserText((values) => t('alerts.standing.disconnected', { ...values, count: agent.contactIds.length }), { name: agent.displayName }),
        at: agent.stateSince || null,
        raised: null,
      })),
    ...agents
      .filter((agent) => agent.state === 'not_ready' && agent.notReadyReason === 'missed_offers')
      .map((agent) => ({
        key: `missed-${agent.id}`,
        severity: 'warning' as const,
        text: t('alerts.standing.missedOffers', { name: agent.displayName }),
        shown: withUserText((values) => t('alerts.standing.missedOffers', values), { name: agent.displayName }),
        at: agent.stateSince || null,
        raised: null,
      })),
  ];
  const raised: Item[] = alerts.map((alert) => ({ key: alert.id, severity: alert.severity, text: describe(alert), shown: alert.agentName ? withUserText((values) => describe({ ...alert, agentName: values.name }), { name: alert.agentName }) : undefined, at: alert.at, raised: { acknowledged: alert.acknowledged } }));
  const items = [...standing, ...raised];

  return (
    <Panel title={t('alerts.title')} description={t('alerts.description')} className="cc-alerts">
      {failure ? <Notice tone="critical">{t('alerts.acknowledgeFailed', { reason: failure })}</Notice> : null}
      {items.length === 0 ? (
        <EmptyState icon={<BellIcon />} title={t('alerts.emptyTitle')}>
          <p>{t('alerts.emptyBody')}</p>
        </EmptyState>
      ) : (
        <ul className="cc-alerts__list" aria-live="polite" data-testid="alerts">
          {items.map((item) => {
            const acknowledged = item.raised?.acknowledged ?? null;
            return (
              <li
                key={item.key}
                className={`cc-alerts__item cc-alerts__item--${acknowledged ? 'acknowledged' : item.severity}`}
                data-testid={item.raised ? `alert-${item.key}` : undefined}
              >
                <AlertIcon className="cc-alerts__icon" aria-hidden="true" />
                <span className="cc-visually-hidden">{t(`alerts.severity.${item.severity}`)}: </span>
                <span className="cc-alerts__text">
                  {item.shown ?? item.text}
                  {acknowledged ? (
                    <span className="cc-alerts__acknowledged">
                      {withUserText((values) => t('alerts.acknowledgedBy', { ...values, time: format.shortTime(acknowledged.at) }), { name: acknowledged.byName })}
                    </span>
                  ) : null}
                </span>
                {item.at ? <time className="cc-alerts__time">{format.shortTime(item.at)}</time> : null}
                {item.raised && !acknowledged && canAcknowledge ? (
                  <Button size="sm" variant="secondary" busy={pending === item.key} onClick={() => void acknowledge(item.key)} aria-label={t('alerts.acknowledgeLabel', { text: item.text })}>
                    {t('alerts.acknowledge')}
                  </Button>
                ) : null}
                {acknowledged ? (
                  <Button size="sm" variant="ghost" onClick={() => onDismiss(item.key)} aria-label={t('alerts.dismiss', { text: item.text })}>
                    {t('common.dismiss')}
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
