import type { RealtimeAlert, RealtimeDeltaMap } from '@callcentre/shared';
import { MAX_ALERTS } from '../realtime-state';
import type { DeltaHandlers } from './types';

/**
 * The order alerts are kept and shown in: open ones first, then acknowledged ones, each newest first; past
 * MAX_ALERTS the oldest acknowledged ones go first, so an open alert is never pushed out by an acknowledged one.
 */
export function orderAlerts(alerts: readonly RealtimeAlert[]): RealtimeAlert[] {
  const unique = [...new Map(alerts.map((alert) => [alert.id, alert])).values()];
  const newestFirst = (a: RealtimeAlert, b: RealtimeAlert) => b.at - a.at || (a.id < b.id ? 1 : -1);
  const open = unique.filter((alert) => !alert.acknowledged).sort(newestFirst);
  const acknowledged = unique.filter((alert) => alert.acknowledged).sort(newestFirst);
  return [...open, ...acknowledged].slice(0, MAX_ALERTS);
}

/** Alerts (routing's and the complaints module's), their acknowledgements and complaint changes, for whoever the server sends them to. */
export const alertHandlers: DeltaHandlers<'alert' | 'alert:acknowledged' | 'complaint:update'> = {
  alert: (state, data: RealtimeDeltaMap['alert']) => {
    if (state.alerts.some((alert) => alert.id === data.id)) return state;
    return { ...state, alerts: orderAlerts([data, ...state.alerts]) };
  },

  'alert:acknowledged': (state, { alert }: RealtimeDeltaMap['alert:acknowledged']) => {
    if (!state.alerts.some((held) => held.id === alert.id)) return state;
    return { ...state, alerts: orderAlerts(state.alerts.map((held) => (held.id === alert.id ? alert : held))) };
  },

  'complaint:update': (state, data: RealtimeDeltaMap['complaint:update']) => {
    const serial = state.complaintSerial + 1;
    return {
      ...state,
      complaintSerial: serial,
      complaints: { ...state.complaints, [data.complaintId]: { update: data, receivedAt: Date.now(), serial } },
    };
  },
};
