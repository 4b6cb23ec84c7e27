import { SETTABLE_NOT_READY_REASONS, type AgentStateCommand, type LiveContact } from '@callcentre/shared';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice, Panel, UserText } from '../../../design-system';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { useKeyShortcuts } from '../../agent-desktop/hooks/useKeyShortcut';
import { useRealtime, useRealtimeCommand, useRealtimeLive } from '../../realtime';
import { useResource } from '../../../api/use-resource';
import { fetchDirectory } from '../api/calls-api';
import { useLiveCallsSync } from '../hooks/useCalls';
import { CallControls } from './CallControls';
import './CallWorkspace.css';

/** Keys of the desk's state changes: 1 available, 2-5 the not-ready reasons in their usual order. */
export const STATE_KEYS: ReadonlyArray<{ key: string; state: 'available' } | { key: string; state: 'not_ready'; reason: (typeof SETTABLE_NOT_READY_REASONS)[number] }> = [
  { key: '1', state: 'available' },
  ...SETTABLE_NOT_READY_REASONS.map((reason, index) => ({ key: String(index + 2), state: 'not_ready' as const, reason })),
];

/**
 * The agent's call workspace: the controls of the call in conversation (hold, mute, consult, transfer,
 * conference, hang up), its notes and timeline, the calls a colleague brought this agent into, and the desk's
 * keyboard shortcuts (listed in the shortcuts help).
 */
export function CallWorkspace({ contacts, agentId }: { contacts: readonly LiveContact[]; agentId: string }) {
  const { t } = useTranslation();
  const live = useRealtimeLive();
  const command = useRealtimeCommand();
  const describe = useActionErrorMessage();
  const [stateFailure, setStateFailure] = useState<string | null>(null);
  useLiveCallsSync(true);
  const call = contacts.find((contact) => contact.channel === 'voice' && contact.status === 'connected') ?? null;
  const wrapping = contacts.find((contact) => contact.status === 'wrap_up') ?? null;
  const calls = useRealtime((state) => state.calls);
  const names = useRealtime((state) => state.wallboard?.agents);
  const directory = useResource(fetchDirectory);
  const nameOf = (id: string) => names?.[id]?.displayName ?? directory.data?.agents.find((agent) => agent.id === id)?.displayName ?? null;
  const joined = Object.values(calls).filter(
    (other) => other.state !== 'over' && other.agentId !== agentId && (other.consult?.agentId === agentId || other.parties.some((party) => party.agentId === agentId)),
  );

  const setState = useCallback(
    (requested: AgentStateCommand) => {
      setStateFailure(null);
      command('agent:state', requested).catch((error: unknown) => setStateFailure(describe(error)));
    },
    [command, describe],
  );
  useKeyShortcuts(live, {
    ...Object.fromEntries(STATE_KEYS.map((entry) => [entry.key, () => setState(entry.state === 'available' ? { state: 'available' } : { state: 'not_ready', reason: entry.reason })])),
    w: () => {
      if (!wrapping) return;
      // The wrap-up form of the contact in after-call work: its disposition first.
      const field = document.querySelector<HTMLElement>('.cc-wrap-up select, .cc-wrap-up textarea');
      field?.focus();
      field?.scrollIntoView({ block: 'center' });
    },
  });

  if (!call && joined.length === 0 && !stateFailure) return null;
  return (
    <Panel title={t('calls.title')} className="cc-call-workspace">
      <div className="cc-call-workspace__body">
      {stateFailure ? (
        <div role="alert">
          <Notice tone="critical">{stateFailure}</Notice>
        </div>
      ) : null}
      {call ? <CallControls key={call.id} contact={call} agentId={agentId} /> : null}
      {joined.map((other) => (
        <Notice key={other.contactId} tone="info">
          <span data-testid="joined-call">
            {other.consult?.agentId === agentId ? t('calls.consultedBy') : t('calls.inConferenceWith')} <UserText>{nameOf(other.agentId) ?? t('calls.aColleague')}</UserText>
          </span>
        </Notice>
      ))}
      </div>
    </Panel>
  );
}
