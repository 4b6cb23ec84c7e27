import { restoreCallSnapshot, type CallCommand, type CallSnapshot, type CallView } from '@callcentre/shared';
import { useEffect, useMemo } from 'react';
import { useRealtime, useRealtimeStore } from '../../realtime';
import { fetchLiveCalls } from '../api/calls-api';

/**
 * Keeps the live calls current: `call:update` deltas go to the realtime store; after each snapshot (a first
 * connection, a resync) the calls are read once over REST and merged by version, as calls are not in snapshots.
 */
export function useLiveCallsSync(enabled: boolean): void {
  const store = useRealtimeStore();
  const syncedAt = useRealtime((state) => state.syncedAt);
  useEffect(() => {
    if (!enabled || syncedAt === null) return undefined;
    const abort = new AbortController();
    fetchLiveCalls(abort.signal)
      .then((answer) => store.mergeCalls(answer.items))
      .catch(() => undefined);
    return () => abort.abort();
  }, [enabled, syncedAt, store]);
}

export function useCall(contactId: string): CallView | null {
  return useRealtime((state) => state.calls[contactId] ?? null);
}

/** The call's machine snapshot, for `can`: a call the desk never drove is a fresh one with this agent. */
export function useCallSnapshot(call: CallView | null, contactId: string, agentId: string): CallSnapshot {
  return useMemo(() => {
    const live = call && call.state !== 'over' && call.agentId === agentId ? call : null;
    return restoreCallSnapshot({
      value: live ? live.state : 'ready',
      context: {
        contactId,
        agentId,
        held: live?.held ?? false,
        heldSince: live?.heldSince ?? null,
        holdSeconds: call?.holdSeconds ?? 0,
        muted: live?.muted ?? false,
        consult: live?.consult ?? null,
        parties: live?.parties ?? [],
        pending: live?.pending ?? null,
        lastFailure: live?.lastFailure ?? null,
        outcome: null,
      },
    });
  }, [call, contactId, agentId]);
}

/** Whether the machine takes the command now (the buttons ask it; no rule is repeated here). */
export function canCommand(snapshot: CallSnapshot, command: CallCommand): boolean {
  return snapshot.can({ type: 'command.requested', commandId: 'check', command, at: 0, by: 'check', expiresAt: 0 });
}
