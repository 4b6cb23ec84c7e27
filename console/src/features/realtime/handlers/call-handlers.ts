import type { CallView, RealtimeDeltaMap } from '@callcentre/shared';
import type { RealtimeState } from '../realtime-state';
import type { DeltaHandlers } from './types';

/** Keeps each call at the highest version seen: a late or repeated view never replaces a newer one. */
export function withCalls(state: RealtimeState, calls: readonly CallView[]): RealtimeState {
  let next: Record<string, CallView> | null = null;
  for (const call of calls) {
    const held = (next ?? state.calls)[call.contactId];
    if (held && held.version >= call.version) continue;
    next = { ...(next ?? state.calls), [call.contactId]: call };
  }
  return next ? { ...state, calls: next } : state;
}

/** Calls on desktops (hold, consult, conference, the command waiting for the PBX), for the desk and the wallboard. */
export const callHandlers: DeltaHandlers<'call:update'> = {
  'call:update': (state, { call }: RealtimeDeltaMap['call:update']) => withCalls(state, [call]),
};
