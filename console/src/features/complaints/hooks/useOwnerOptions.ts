import { useCallback } from 'react';
import { http } from '../../../api/http';
import { useResource } from '../../../api/use-resource';
import type { OwnerOption } from '../components/ComplaintActions';

interface AgentListItem {
  id: string;
  displayName: string;
}

/**
 * People who may own a complaint or one of its actions: every agent, for those allowed to list them
 * (team leads and supervisors). For others the list is empty and only "me" is offered.
 */
export function useOwnerOptions(enabled: boolean): OwnerOption[] {
  const load = useCallback(
    (signal: AbortSignal) => (enabled ? http.get<AgentListItem[]>('/api/agents', { signal }) : Promise.resolve([] as AgentListItem[])),
    [enabled],
  );
  const agents = useResource(load);
  return (agents.data ?? []).map((agent) => ({ id: agent.id, name: agent.displayName }));
}
