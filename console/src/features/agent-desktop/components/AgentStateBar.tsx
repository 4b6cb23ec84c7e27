import { SETTABLE_NOT_READY_REASONS, type AgentView, type SettableNotReadyReason } from '@callcentre/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Notice, type Tone } from '../../../design-system';
import { formatDuration } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { useRealtimeCommand, useRealtimeLive, useServerNow } from '../../realtime';
import './AgentStateBar.css';


const STATE_TONES: Record<AgentView['state'], Tone> = {
  available: 'good',
  reserved: 'info',
  busy: 'info',
  wrap_up: 'warning',
  not_ready: 'critical',
  offline: 'neutral',
};

type Requested = { state: 'available' | 'offline' } | { state: 'not_ready'; reason: SettableNotReadyReason };

/**
 * The agent's own state: what it is and for how long, a pending "not ready after this contact", and the
 * buttons to go available, not ready with a reason, or offline. Changes go over the socket.
 */
export function AgentStateBar({ agent }: { agent: AgentView }) {
  const { t } = useTranslation();
  const now = useServerNow();
  const live = useRealtimeLive();
  const command = useRealtimeCommand();
  const describe = useActionErrorMessage();
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const request = async (key: string, requested: Requested) => {
    setBusy(key);
    setFailure(null);
    try {
      await command('agent:state', requested);
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(null);
    }
  };

  const holding = agent.contactIds.length > 0;
  const reason = agent.notReadyReason;
  const stateLabel =
    agent.state === 'not_ready' && reason ? t('agentState.notReadyWith', { reason: t(`notReadyReasons.${reason}`) }) : t(`agentState.${agent.state}`);
  const currentReason = agent.presence === 'not_ready' ? reason : null;
  const pending = agent.pendingNotReady;

  return (
    <section className="cc-state-bar" aria-label={t('agent.stateTitle')} data-testid="agent-state">
      <div className="cc-state-bar__now">
        <Badge tone={STATE_TONES[agent.state]} dot className="cc-state-bar__badge">
          {stateLabel}
        </Badge>
        {agent.stateSince > 0 ? (
          <span className="cc-state-bar__time" title={t('agent.timeInState')}>
            <span className="cc-visually-hidden">{t('agent.timeInState')}: </span>
            <span data-testid="time-in-state">{formatDuration((now - agent.stateSince) / 1000)}</span>
          </span>
        ) : null}
        {pending ? (
          <span className="cc-state-bar__pending" data-testid="pending-not-ready">
            {t('agent.pendingNotReady', { reason: t(`notReadyReasons.${pending}`) })}
            <Button size="sm" variant="ghost" onClick={() => request('cancel', { state: 'available' })} busy={busy === 'cancel'} disabled={!live}>
              {t('agent.cancelPending')}
            </Button>
          </span>
        ) : null}
        {agent.disconnected ? <Badge tone="critical">{t('agent.disconnected')}</Badge> : null}
      </div>
      <div className="cc-state-bar__actions" role="group" aria-label={t('agent.changeState')}>
        <Button
          variant={agent.presence === 'available' && !pending ? 'primary' : 'secondary'}
          size="sm"
          aria-pressed={agent.presence === 'available' && !pending}
          onClick={() => request('available', { state: 'available' })}
          busy={busy === 'available'}
          disabled={!live}
        >
          {t('agentState.available')}
        </Button>
        <span className="cc-state-bar__group-label" aria-hidden="true">
          {t('agent.notReadyPrefix')}
        </span>
        {SETTABLE_NOT_READY_REASONS.map((option) => {
          const active = currentReason === option || pending === option;
          return (
            <Button
              key={option}
              size="sm"
              variant={active ? 'primary' : 'secondary'}
              aria-pressed={active}
              aria-label={t('agent.notReadyReasonLabel', { reason: t(`notReadyReasons.${option}`) })}
              onClick={() => request(option, { state: 'not_ready', reason: option })}
              busy={busy === option}
              disabled={!live}
            >
              {t(`notReadyReasons.${option}`)}
            </Button>
          );
        })}
        <Button
          size="sm"
          variant={agent.presence === 'offline' ? 'primary' : 'ghost'}
          aria-pressed={agent.presence === 'offline'}
          onClick={() => request('offline', { state: 'offline' })}
          busy={busy === 'offline'}
          disabled={!live || holding}
          title={holding ? t('agent.offlineWhileHolding') : undefined}
        >
          {t('agentState.offline')}
        </Button>
      </div>
      {failure ? (
        <div className="cc-state-bar__failure" role="alert">
          <Notice tone="critical">{failure}</Notice>
        </div>
      ) : null}
    </section>
  );
}
