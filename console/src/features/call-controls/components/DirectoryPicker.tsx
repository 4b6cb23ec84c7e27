import type { DirectoryAgent } from '@callcentre/shared';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Spinner, UserText, type Tone } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { useRealtime } from '../../realtime';
import { fetchDirectory } from '../api/calls-api';

export type PickMode = 'consult' | 'blind_transfer' | 'conference_add';

const STATE_TONES: Record<DirectoryAgent['state'], Tone> = {
  available: 'good',
  reserved: 'warning',
  busy: 'info',
  wrap_up: 'info',
  not_ready: 'neutral',
  offline: 'neutral',
};

/**
 * Colleagues to consult, transfer to or bring in, with their live state and skills (free ones first), and for a
 * consult or a transfer the queues with how many of their agents are free. The list is read when opened and follows the
 * floor's changes.
 */
export function DirectoryPicker({
  mode,
  selfId,
  busy,
  onPick,
  onClose,
  currentQueueId,
}: {
  mode: PickMode;
  selfId: string;
  busy: boolean;
  onPick(target: { agentId: string } | { queueId: string }): void;
  onClose(): void;
  /** The queue the call came through: a transfer goes to another one. */
  currentQueueId?: string;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  // Reread whenever an agent changes state on the floor (the desk's own state or the wallboard's agents).
  const floorVersion = useRealtime((state) => `${state.desk?.agent?.stateSince ?? ''}:${Object.values(state.wallboard?.agents ?? {}).map((agent) => agent.stateSince).join(',')}:${Object.keys(state.calls).length}`);
  // A new version of the floor reads the directory again.
  const load = useCallback((signal: AbortSignal) => fetchDirectory(signal), [floorVersion]);
  // Agents' desks get no floor-wide deltas: the list is also read again every few seconds while open.
  const directory = useResource(load, { refreshIntervalMs: 5000 });
  const needle = filter.trim().toLowerCase();
  const agents = (directory.data?.agents ?? [])
    .filter((agent) => agent.id !== selfId)
    .filter((agent) => !needle || agent.displayName.toLowerCase().includes(needle) || Object.keys(agent.skills).some((skill) => skill.toLowerCase().includes(needle)))
    .sort((a, b) => Number(b.free) - Number(a.free) || a.displayName.localeCompare(b.displayName));
  return (
    <div className="cc-directory" role="group" aria-label={t(`calls.pick.${mode}`)} data-testid="call-directory">
      <div className="cc-call__status">
        <strong>{t(`calls.pick.${mode}`)}</strong>
        <Button size="sm" variant="ghost" onClick={onClose}>
          {t('common.cancel')}
        </Button>
      </div>
      <input className="ds-input" type="search" value={filter} onChange={(event) => setFilter(event.target.value)} placeholder={t('calls.filter')} aria-label={t('calls.filter')} maxLength={64} />
      {directory.status === 'loading' && !directory.data ? <Spinner label={t('common.loading')} /> : null}
      <ul className="cc-directory__list">
        {agents.map((agent) => (
          <li key={agent.id} className="cc-directory__item" data-testid="directory-agent" data-agent-state={agent.state}>
            <span className="cc-directory__who">
              <UserText>{agent.displayName}</UserText>
              <span className="cc-directory__skills">{Object.entries(agent.skills).map(([skill, level]) => `${skill} ${level}`).join(' · ')}</span>
            </span>
            <Badge tone={STATE_TONES[agent.state]} dot>
              {agent.state === 'not_ready' && agent.notReadyReason ? t(`notReadyReasons.${agent.notReadyReason}`) : agent.state === 'reserved' ? t('calls.reserved') : t(`agentState.${agent.state}`)}
            </Badge>
            <Button size="sm" variant={agent.free ? 'primary' : 'secondary'} disabled={!agent.free || busy} onClick={() => onPick({ agentId: agent.id })}>
              {t(`calls.pickAction.${mode}`)}
              <span className="cc-visually-hidden"> {agent.displayName}</span>
            </Button>
          </li>
        ))}
      </ul>
      {mode === 'consult' || mode === 'blind_transfer' ? (
        <ul className="cc-directory__list" aria-label={t('calls.queues')}>
          {(directory.data?.queues ?? []).filter((queue) => mode === 'consult' || queue.id !== currentQueueId).map((queue) => (
            <li key={queue.id} className="cc-directory__item" data-testid="directory-queue">
              <span className="cc-directory__who">
                <UserText>{queue.name}</UserText>
                <span className="cc-directory__skills">
                  {t('calls.freeInQueue', { count: queue.freeAgents })}
                  {mode === 'blind_transfer' && queue.freeAgents === 0 ? ` · ${t('calls.waitsInQueue')}` : ''}
                </span>
              </span>
              {/* A consult needs someone free now; a transfer may wait in the queue. */}
              <Button size="sm" disabled={(mode === 'consult' && queue.freeAgents === 0) || busy} onClick={() => onPick({ queueId: queue.id })}>
                {t(`calls.pickAction.${mode}`)}
                <span className="cc-visually-hidden"> {queue.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
