import type { RealtimeDeltaMap } from '@callcentre/shared';
import { withoutKey, type RealtimeState, type WallboardState } from '../realtime-state';
import { appendSample, sampleOf } from './series';
import type { DeltaHandlers } from './types';

function onWallboard(state: RealtimeState, change: (wallboard: WallboardState) => WallboardState): RealtimeState {
  return state.wallboard ? { ...state, wallboard: change(state.wallboard) } : state;
}

/** The floor as supervisors, team leads and administrators see it: agents, contacts in routing, queue figures. */
export const wallboardHandlers: DeltaHandlers<'agent:update' | 'queue:stats' | 'wallboard:contact' | 'queue:contact'> = {
  'agent:update': (state, data: RealtimeDeltaMap['agent:update']) =>
    onWallboard(state, (wallboard) => ({ ...wallboard, agents: { ...wallboard.agents, [data.agent.id]: data.agent } })),

  'queue:stats': (state, data: RealtimeDeltaMap['queue:stats']) => {
    const next = onWallboard(state, (wallboard) => ({ ...wallboard, queues: { ...wallboard.queues, [data.queue.queueId]: data.queue } }));
    if (next === state) return state;
    return { ...next, series: { ...next.series, [data.queue.queueId]: appendSample(next.series[data.queue.queueId], sampleOf(data.queue)) } };
  },

  'wallboard:contact': (state, data: RealtimeDeltaMap['wallboard:contact']) =>
    onWallboard(state, (wallboard) => ({
      ...wallboard,
      contacts: data.contact ? { ...wallboard.contacts, [data.contactId]: data.contact } : withoutKey(wallboard.contacts, data.contactId),
      contactChanges: data.contact ? wallboard.contactChanges : withoutKey(wallboard.contactChanges, data.contactId),
    })),

  'queue:contact': (state, data: RealtimeDeltaMap['queue:contact']) =>
    onWallboard(state, (wallboard) => ({
      ...wallboard,
      contactChanges: { ...wallboard.contactChanges, [data.contactId]: data },
      contactChangeSerial: wallboard.contactChangeSerial + 1,
    })),
};
