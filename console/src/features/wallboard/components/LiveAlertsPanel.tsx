import { ALERT_ACKNOWLEDGE_ROLES, type RealtimeAlert, type WallboardAgent } from '@callcentre/shared';
import { useCallback } from 'react';
import { useSession } from '../../auth';
import { useRealtime, useRealtimeCommand, useRealtimeStore, type RealtimeState } from '../../realtime';
import { AlertsPanel } from './AlertsPanel';

const shownAlerts = (state: RealtimeState): readonly RealtimeAlert[] => state.alerts.filter((alert) => !state.dismissedAlertIds.includes(alert.id));

/** The alerts panel on the live feed: the alerts addressed to the signed-in person, acknowledged over the socket. */
export function LiveAlertsPanel({ agents }: { agents: readonly WallboardAgent[] }) {
  const { session } = useSession();
  const store = useRealtimeStore();
  const command = useRealtimeCommand();
  const alerts = useRealtime(shownAlerts);
  const acknowledge = useCallback((alertId: string) => command('alert:acknowledge', { alertId }), [command]);
  const canAcknowledge = (session?.roles ?? []).some((role) => ALERT_ACKNOWLEDGE_ROLES.includes(role));
  return <AlertsPanel alerts={alerts} agents={agents} canAcknowledge={canAcknowledge} onAcknowledge={acknowledge} onDismiss={store.dismissAlert} />;
}
