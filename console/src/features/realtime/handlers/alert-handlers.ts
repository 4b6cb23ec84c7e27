import type { RealtimeDeltaMap } from '@callcentre/shared';
import { MAX_ALERTS } from '../realtime-state';
import type { DeltaHandlers } from './types';

/** Alerts (routing's and the complaints module's) and complaint changes, for whoever the server sends them to. */
export const alertHandlers: DeltaHandlers<'alert' | 'complaint:update'> = {
  alert: (state, data: RealtimeDeltaMap['alert']) => {
    if (state.alerts.some((alert) => alert.id === data.id)) return state;
    return { ...state, alerts: [data, ...state.alerts].slice(0, MAX_ALERTS) };
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
