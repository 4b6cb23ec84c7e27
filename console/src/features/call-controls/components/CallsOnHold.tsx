import { useTranslation } from 'react-i18next';
import { Badge, EmptyState, Panel, UserText } from '../../../design-system';
import { formatDuration } from '../../../i18n/formatters';
import { useRealtime, useServerNow } from '../../realtime';
import { useLiveCallsSync } from '../hooks/useCalls';
import './CallWorkspace.css';

/** For supervisors: who has a caller on hold, who is consulting, who is in a conference, live. */
export function CallsOnHold() {
  const { t } = useTranslation();
  const now = useServerNow();
  useLiveCallsSync(true);
  const calls = useRealtime((state) => state.calls);
  const agents = useRealtime((state) => state.wallboard?.agents);
  const busy = Object.values(calls)
    .filter((call) => call.state !== 'over' && (call.held || call.consult || call.parties.length > 0))
    .sort((a, b) => (a.heldSince ?? a.updatedAt) - (b.heldSince ?? b.updatedAt));
  const name = (id: string) => agents?.[id]?.displayName ?? t('calls.aColleague');
  return (
    <Panel title={t('calls.onHoldTitle')} description={t('calls.onHoldDescription')}>
      <div className="cc-on-hold__body">
      {busy.length === 0 ? (
        <EmptyState title={t('calls.nobodyOnHold')} />
      ) : (
        <ul className="cc-on-hold__list" data-testid="calls-on-hold">
          {busy.map((call) => (
            <li key={call.contactId} className="cc-on-hold__item" data-testid="call-on-hold">
              <UserText>{name(call.agentId)}</UserText>
              {call.held ? (
                <Badge tone="warning" dot>
                  {t('calls.onHold', { time: formatDuration(call.heldSince === null ? 0 : (now - call.heldSince) / 1000) })}
                </Badge>
              ) : null}
              {call.consult ? <Badge tone="info">{`${t('calls.consulting')} ${name(call.consult.agentId)}`}</Badge> : null}
              {call.parties.length > 0 ? <Badge tone="info">{`${t('calls.conference')}: ${call.parties.map((party) => name(party.agentId)).join(', ')}`}</Badge> : null}
            </li>
          ))}
        </ul>
      )}
      </div>
    </Panel>
  );
}
