import { type SnapshotFrom, initialTransition, transition } from 'xstate';
import { callMachine } from './call.machine';
import type { CallContext, CallEvent, CallStateValue } from './call.types';

export type CallSnapshot = SnapshotFrom<typeof callMachine>;

/** What the server stores (JSON). */
export interface PersistedCall {
  readonly value: CallStateValue;
  readonly context: CallContext;
}

export function initialCallSnapshot(contactId: string, agentId: string): CallSnapshot {
  return initialTransition(callMachine, { contactId, agentId })[0];
}

export function restoreCallSnapshot(persisted: PersistedCall): CallSnapshot {
  return callMachine.resolveState({ value: persisted.value, context: persisted.context });
}

export function persistCall(snapshot: CallSnapshot): PersistedCall {
  return { value: snapshot.value as CallStateValue, context: snapshot.context };
}

/**
 * The pure step the server takes: the next snapshot, and whether the machine took the event (a duplicate, late or
 * unknown answer is not taken and changes nothing).
 */
export function stepCall(snapshot: CallSnapshot, event: CallEvent): { changed: boolean; snapshot: CallSnapshot } {
  if (!snapshot.can(event)) return { changed: false, snapshot };
  const [next] = transition(callMachine, snapshot, event);
  return { changed: true, snapshot: next };
}
