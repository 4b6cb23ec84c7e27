import type { CallCommandRequest, CallCommandType, LiveContact } from '@callcentre/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Kbd, Notice, Spinner, UserText } from '../../../design-system';
import { formatDuration } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { ApiError } from '../../../api/http';
import { useKeyShortcuts } from '../../agent-desktop/hooks/useKeyShortcut';
import { useWrapUpDraft } from '../../agent-desktop/hooks/useWrapUpDraft';
import { useRealtime, useRealtimeLive, useServerNow } from '../../realtime';
import { fetchDirectory, sendCallCommand } from '../api/calls-api';
import { useResource } from '../../../api/use-resource';
import { canCommand, useCall, useCallSnapshot } from '../hooks/useCalls';
import { CallTimeline } from './CallTimeline';
import { DirectoryPicker, type PickMode } from './DirectoryPicker';

/** The controls of the call in conversation: every button asks the call machine (`snapshot.can`) whether it applies now. */
export function CallControls({ contact, agentId }: { contact: LiveContact; agentId: string }) {
  const { t } = useTranslation();
  const live = useRealtimeLive();
  const now = useServerNow();
  const describe = useActionErrorMessage();
  const call = useCall(contact.id);
  const snapshot = useCallSnapshot(call, contact.id, agentId);
  const names = useRealtime((state) => state.wallboard?.agents);
  const directory = useResource(fetchDirectory);
  const [picking, setPicking] = useState<PickMode | null>(null);
  const [sending, setSending] = useState<CallCommandType | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const ctx = snapshot.context;
  const pending = snapshot.value === 'pending' ? ctx.pending : null;

  const send = async (command: CallCommandRequest) => {
    setSending(command.type);
    setFailure(null);
    try {
      await sendCallCommand(contact.id, command);
      setPicking(null);
    } catch (error) {
      setFailure(notFreeMessage(error, t) ?? describe(error));
    } finally {
      setSending(null);
    }
  };
  const can = (type: CallCommandType, agent?: string) => live && !sending && canCommand(snapshot, { type, ...(agent ? { agentId: agent } : {}) } as never);
  const someone = '00000000-0000-4000-8000-000000000000';
  const nameOf = (id: string) => names?.[id]?.displayName ?? directory.data?.agents.find((agent) => agent.id === id)?.displayName ?? null;

  useKeyShortcuts(live, {
    x: () => can('end') && void send({ type: 'end' }),
    h: () => (ctx.held ? can('resume') && void send({ type: 'resume' }) : can('hold') && void send({ type: 'hold' })),
    u: () => (ctx.muted ? can('unmute') && void send({ type: 'unmute' }) : can('mute') && void send({ type: 'mute' })),
    t: () => can('blind_transfer', someone) && setPicking((open) => (open === 'blind_transfer' ? null : 'blind_transfer')),
  });

  const holdSeconds = ctx.held && ctx.heldSince !== null ? (now - ctx.heldSince) / 1000 : null;
  return (
    <section className="cc-call" aria-label={t('calls.controlsLabel')} data-testid="call-controls" data-call-state={snapshot.value}>
      <div className="cc-call__status" aria-live="polite">
        {ctx.held ? (
          <Badge tone="warning" dot>
            <span data-testid="call-held">{t('calls.onHold', { time: formatDuration(holdSeconds ?? 0) })}</span>
          </Badge>
        ) : (
          <Badge tone="info" dot>
            {t('calls.talking')}
          </Badge>
        )}
        {ctx.muted ? <Badge tone="warning">{t('calls.muted')}</Badge> : null}
        {ctx.consult ? (
          <Badge tone="info">
            <span data-testid="call-consulting">
              {t('calls.consulting')} <UserText>{nameOf(ctx.consult.agentId) ?? t('calls.aColleague')}</UserText>
            </span>
          </Badge>
        ) : null}
        {ctx.parties.length > 0 ? (
          <Badge tone="info">
            <span data-testid="call-conference">
              {t('calls.conference')}: {ctx.parties.map((party) => nameOf(party.agentId) ?? t('calls.aColleague')).join(', ')}
            </span>
          </Badge>
        ) : null}
        {pending ? (
          <span className="cc-call__pending" data-testid="call-pending">
            <Spinner label={t('calls.pending', { command: t(`calls.commands.${pending.command.type}`) })} />
          </span>
        ) : null}
      </div>
      {call?.lastFailure && call.state !== 'pending' ? (
        <div role="alert" data-testid="call-failure">
          <Notice tone="critical">
            {t(call.lastFailure.reason === 'timeout' ? 'calls.failedTimeout' : 'calls.failedRefused', {
              command: t(`calls.commands.${call.lastFailure.commandType}`),
              detail: call.lastFailure.detail ?? '',
            })}
          </Notice>
        </div>
      ) : null}
      <div className="cc-call__actions">
        {ctx.held ? (
          <Button size="sm" onClick={() => void send({ type: 'resume' })} disabled={!can('resume')} busy={sending === 'resume'} aria-keyshortcuts="H">
            {t('calls.commands.resume')} <Kbd>H</Kbd>
          </Button>
        ) : (
          <Button size="sm" onClick={() => void send({ type: 'hold' })} disabled={!can('hold')} busy={sending === 'hold'} aria-keyshortcuts="H">
            {t('calls.commands.hold')} <Kbd>H</Kbd>
          </Button>
        )}
        {ctx.muted ? (
          <Button size="sm" onClick={() => void send({ type: 'unmute' })} disabled={!can('unmute')} busy={sending === 'unmute'} aria-keyshortcuts="U">
            {t('calls.commands.unmute')} <Kbd>U</Kbd>
          </Button>
        ) : (
          <Button size="sm" onClick={() => void send({ type: 'mute' })} disabled={!can('mute')} busy={sending === 'mute'} aria-keyshortcuts="U">
            {t('calls.commands.mute')} <Kbd>U</Kbd>
          </Button>
        )}
        {ctx.consult ? (
          <>
            <Button size="sm" variant="primary" onClick={() => void send({ type: 'transfer_complete' })} disabled={!can('transfer_complete')} busy={sending === 'transfer_complete'}>
              {t('calls.commands.transfer_complete')}
            </Button>
            <Button size="sm" onClick={() => void send({ type: 'conference_add' })} disabled={!can('conference_add')} busy={sending === 'conference_add'}>
              {t('calls.commands.conference_merge')}
            </Button>
            <Button size="sm" onClick={() => void send({ type: 'consult_cancel' })} disabled={!can('consult_cancel')} busy={sending === 'consult_cancel'}>
              {t('calls.commands.consult_cancel')}
            </Button>
          </>
        ) : (
          <>
            <Button size="sm" onClick={() => setPicking(picking === 'consult' ? null : 'consult')} disabled={!can('consult', someone)} aria-expanded={picking === 'consult'}>
              {t('calls.commands.consult')}
            </Button>
            <Button size="sm" onClick={() => setPicking(picking === 'blind_transfer' ? null : 'blind_transfer')} disabled={!can('blind_transfer', someone)} aria-expanded={picking === 'blind_transfer'} aria-keyshortcuts="T">
              {t('calls.commands.blind_transfer')} <Kbd>T</Kbd>
            </Button>
            <Button size="sm" onClick={() => setPicking(picking === 'conference_add' ? null : 'conference_add')} disabled={!can('conference_add', someone)} aria-expanded={picking === 'conference_add'}>
              {t('calls.commands.conference_add')}
            </Button>
          </>
        )}
        {ctx.parties.map((party) => (
          <Button key={party.agentId} size="sm" variant="ghost" onClick={() => void send({ type: 'conference_drop', agentId: party.agentId })} disabled={!can('conference_drop', party.agentId)}>
            {t('calls.drop', { name: nameOf(party.agentId) ?? t('calls.aColleague') })}
          </Button>
        ))}
        <Button size="sm" variant="danger" onClick={() => void send({ type: 'end' })} disabled={!can('end')} busy={sending === 'end'} aria-keyshortcuts="X">
          {t('calls.commands.end')} <Kbd>X</Kbd>
        </Button>
      </div>
      {picking ? (
        <DirectoryPicker
          mode={picking}
          selfId={agentId}
          currentQueueId={contact.queueId}
          busy={sending !== null}
          onPick={(target) => void send({ type: picking, ...target })}
          onClose={() => setPicking(null)}
        />
      ) : null}
      {failure ? (
        <div role="alert">
          <Notice tone="critical">{failure}</Notice>
        </div>
      ) : null}
      <CallNotes contactId={contact.id} />
      <CallTimeline contactId={contact.id} version={call?.version ?? 0} />
    </section>
  );
}

/** The agent's notes while talking: saved as typed, the same draft the wrap-up form opens with. */
function CallNotes({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const draft = useWrapUpDraft(contactId);
  return (
    <label className="cc-call__notes">
      {t('calls.notes')}
      <textarea rows={3} dir="auto" value={draft.notes} onChange={(event) => draft.setNotes(event.target.value)} data-testid="call-notes" />
      <span className="cc-call__notes-state" aria-live="polite">
        {t(`calls.notesState.${draft.status}`)}
      </span>
    </label>
  );
}

/** Words for a colleague who cannot take the call, from the server's reason. */
function notFreeMessage(error: unknown, t: (key: string, options?: Record<string, unknown>) => string): string | null {
  if (!(error instanceof ApiError) || error.code !== 'AGENT_NOT_FREE') return null;
  const reason = typeof error.details.reason === 'string' ? error.details.reason : 'busy';
  return t('calls.notFree', { reason: t(`calls.notFreeReasons.${reason}`) });
}
