import type { CallView } from '@callcentre/shared';

/** A call's new state was committed: the realtime module sends it to `agentIds`' desktops and the wallboard. */
export const CALL_CHANGED = 'cti.call-changed';
export interface CallChanged {
  call: CallView;
  /** Everyone on the call now or a moment ago (the agent who handed it over, a colleague dropped from it). */
  agentIds: string[];
}
