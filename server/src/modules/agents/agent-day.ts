import { AGENT_STATES, type AgentState, type AgentStateSpan } from '@callcentre/shared';

/** A stored `agent.state_changed`: when, and the state entered. */
export interface StateChange {
  readonly at: number;
  readonly to: AgentState;
  readonly reason: string | null;
}

/**
 * An agent's day as spans of one state each, from the state changes in time order (the first one may be from before
 * the day: the state the day started in). Before any change the agent was offline; the last span runs to `until`.
 * O(n) for n changes.
 */
export function stateSpans(changes: readonly StateChange[], from: number, until: number): AgentStateSpan[] {
  const spans: AgentStateSpan[] = [];
  let state: AgentState = 'offline';
  let reason: string | null = null;
  let since = from;
  for (const change of changes) {
    const at = Math.min(Math.max(change.at, from), until);
    if (at > since) {
      spans.push({ state, reason, from: since, to: at });
      since = at;
    }
    state = change.to;
    reason = change.reason;
  }
  if (until > since) spans.push({ state, reason, from: since, to: until });
  return mergeNeighbours(spans);
}

function mergeNeighbours(spans: AgentStateSpan[]): AgentStateSpan[] {
  const merged: AgentStateSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && last.state === span.state && last.reason === span.reason && last.to === span.from) merged[merged.length - 1] = { ...last, to: span.to };
    else merged.push(span);
  }
  return merged;
}

/** Seconds in each state over the spans. */
export function secondsByState(spans: readonly AgentStateSpan[]): Record<AgentState, number> {
  const totals = Object.fromEntries(AGENT_STATES.map((state) => [state, 0])) as Record<AgentState, number>;
  for (const span of spans) totals[span.state] += (span.to - span.from) / 1000;
  return totals;
}
