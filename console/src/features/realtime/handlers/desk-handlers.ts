import type { RealtimeDeltaMap } from '@callcentre/shared';
import { withoutKey, type DeskState, type RealtimeState } from '../realtime-state';
import type { DeltaHandlers } from './types';

function onDesk(state: RealtimeState, change: (desk: DeskState) => DeskState): RealtimeState {
  return state.desk ? { ...state, desk: change(state.desk) } : state;
}

/** The agent's own desktop: the offer ringing, their state, the contacts they handle, the load of their queues. */
export const deskHandlers: DeltaHandlers<'offer' | 'offer:gone' | 'agent:state' | 'agent:override' | 'contact:update' | 'queue:stats'> = {
  offer: (state, data: RealtimeDeltaMap['offer']) => onDesk(state, (desk) => ({ ...desk, offer: data.offer, lastOfferEnding: null })),

  'offer:gone': (state, data: RealtimeDeltaMap['offer:gone'], at) =>
    onDesk(state, (desk) => {
      if (desk.offer?.offerId !== data.offerId) return desk; // an older offer: nothing ringing to take down
      return {
        ...desk,
        offer: null,
        lastOfferEnding: { ...data, customerName: desk.offer.contact.customerName ?? desk.offer.contact.caller.name ?? null, at },
      };
    }),

  'agent:state': (state, data: RealtimeDeltaMap['agent:state']) => onDesk(state, (desk) => ({ ...desk, agent: data.agent })),

  'agent:override': (state, { agent, ...override }: RealtimeDeltaMap['agent:override'], at) => onDesk(state, (desk) => ({ ...desk, agent, lastOverride: { ...override, at } })),

  // Only the queues the snapshot listed: figures of other queues are the wallboard's.
  'queue:stats': (state, data: RealtimeDeltaMap['queue:stats']) => {
    if (!state.desk?.queues.some((queue) => queue.queueId === data.queue.queueId)) return state;
    return onDesk(state, (desk) => ({ ...desk, queues: desk.queues.map((queue) => (queue.queueId === data.queue.queueId ? data.queue : queue)) }));
  },

  'contact:update': (state, data: RealtimeDeltaMap['contact:update'], at) =>
    onDesk(state, (desk) => {
      if (data.contact) return { ...desk, contacts: { ...desk.contacts, [data.contactId]: data.contact } };
      const leaving = desk.contacts[data.contactId];
      const departure =
        leaving && data.reason && data.reason !== 'completed'
          ? { contactId: data.contactId, reason: data.reason, customerName: leaving.customerName ?? leaving.caller.name ?? null, at }
          : desk.lastDeparture;
      return { ...desk, contacts: withoutKey(desk.contacts, data.contactId), lastDeparture: departure };
    }),
};
