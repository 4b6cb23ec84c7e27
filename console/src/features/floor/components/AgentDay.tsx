import { AGENT_STATES, type AgentStateSpan, type WallboardAgent } from '@callcentre/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, ErrorState, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { useFormatters } from '../../../i18n/formatters';
import { useErrorMessage } from '../../../i18n/use-error-message';
import { floorApi } from '../api/floor-api';
import { useFloorTranslation } from '../i18n';

const clock = (seconds: number | null) => (seconds === null ? '—' : `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`);
const hours = (seconds: number) => `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}`;

/** The day as one bar, each state a coloured stretch in proportion to its time, named for screen readers. */
function StatesBar({ spans, from, until }: { spans: readonly AgentStateSpan[]; from: number; until: number }) {
  const { t } = useFloorTranslation();
  const common = useTranslation();
  const format = useFormatters();
  const length = Math.max(1, until - from);
  return (
    <ol className="cc-floor-states-bar" aria-label={t('agent.statesTitle')} data-testid="agent-states">
      {spans.map((span) => (
        <li
          key={span.from}
          data-state={span.state}
          style={{ width: `${(100 * (span.to - span.from)) / length}%` }}
          title={`${format.time(span.from)}–${format.time(span.to)} ${common.t(`agentState.${span.state}`)}`}
        >
          <span className="cc-visually-hidden">
            {format.time(span.from)}–{format.time(span.to)} {common.t(`agentState.${span.state}`)}
            {span.reason ? ` (${common.t(`notReadyReasons.${span.reason}`, { defaultValue: span.reason })})` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** One agent's day: state now, states over the day, today's contacts with their waits, handle times and satisfaction. */
export function AgentDay({ agentId, agent, now }: { agentId: string; agent: WallboardAgent | undefined; now: number }) {
  const { t } = useFloorTranslation();
  const common = useTranslation();
  const format = useFormatters();
  const describe = useErrorMessage();
  const load = useCallback((signal: AbortSignal) => floorApi.agentDay(agentId, signal), [agentId]);
  const day = useResource(load, { refreshIntervalMs: 15_000 });
  if (day.status === 'error' && !day.data) return <ErrorState title={t('agent.title')} message={describe(day.error)} onRetry={day.reload} />;
  const data = day.data;
  const until = data ? data.states[data.states.length - 1]?.to ?? data.from : now;
  // How long in the state now: from the day's last span (an agent offline since before today: since midnight).
  const lastSpan = data?.states[data.states.length - 1];
  const sinceSeconds = lastSpan ? Math.max(0, (now - lastSpan.from) / 1000) : agent && agent.stateSince > 0 ? Math.max(0, (now - agent.stateSince) / 1000) : null;
  return (
    <>
      <section className="cc-floor-summary" aria-label={t('agent.summary')} data-testid="agent-day">
        <div className="cc-floor-figure">
          <span className="cc-floor-figure__label">{t('agent.state')}</span>
          <span className="cc-floor-figure__value cc-floor-figure__value--text">{common.t(`agentState.${agent?.state ?? 'offline'}`)}</span>
          {sinceSeconds !== null ? <span className="cc-floor-figure__note">{t('agent.since', { time: hours(sinceSeconds) })}</span> : null}
        </div>
        <div className="cc-floor-figure">
          <span className="cc-floor-figure__label">{t('agent.contactsToday')}</span>
          <span className="cc-floor-figure__value">{data ? format.number(data.contacts.length) : '—'}</span>
        </div>
        <div className="cc-floor-figure">
          <span className="cc-floor-figure__label">{t('agent.aht')}</span>
          <span className="cc-floor-figure__value">{clock(data?.ahtSeconds ?? null)}</span>
        </div>
        <div className="cc-floor-figure">
          <span className="cc-floor-figure__label">{t('agent.satisfaction')}</span>
          <span className="cc-floor-figure__value">{data?.satisfaction.average == null ? '—' : format.number(Math.round(data.satisfaction.average * 10) / 10)}</span>
          <span className="cc-floor-figure__note">{t('agent.answered', { count: data?.satisfaction.answered ?? 0 })}</span>
        </div>
      </section>
      {data ? (
        <Panel title={t('agent.statesTitle')} description={t('agent.statesDescription', { from: format.time(data.from), to: format.time(until) })}>
          <StatesBar spans={data.states} from={data.from} until={until} />
          <ul className="cc-floor-legend">
            {AGENT_STATES.filter((state) => data.secondsByState[state] > 0).map((state) => (
              <li key={state} data-state={state}>
                <span className="cc-floor-legend__swatch" aria-hidden="true" /> {common.t(`agentState.${state}`)} {hours(data.secondsByState[state])}
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}
      <Panel title={t('agent.contactsTitle')} description={t('agent.statesNote')}>
        <Table
          caption={t('agent.contactsTitle')}
          stackOnPhone
          rows={[...(data?.contacts ?? [])]}
          rowKey={(contact) => contact.id}
          empty={t('agent.none')}
          columns={[
            { key: 'at', header: t('agent.arrived'), render: (contact) => format.time(contact.arrivedAt) },
            { key: 'channel', header: t('agent.channel'), render: (contact) => common.t(`channels.${contact.channel}`, { defaultValue: contact.channel }) },
            { key: 'queue', header: t('agent.queue'), render: (contact) => contact.queueName ?? '—' },
            { key: 'wait', header: t('agent.wait'), numeric: true, render: (contact) => clock(contact.waitSeconds) },
            { key: 'handle', header: t('agent.handle'), numeric: true, render: (contact) => clock(contact.handleSeconds) },
            { key: 'status', header: t('agent.status'), render: (contact) => <Badge>{common.t(`contactStatus.${contact.status}`, { defaultValue: contact.status })}</Badge> },
            { key: 'disposition', header: t('agent.disposition'), render: (contact) => contact.disposition ?? '—' },
            { key: 'satisfaction', header: t('agent.satisfaction'), numeric: true, render: (contact) => (contact.satisfaction === null ? '—' : contact.satisfaction > 0 ? `+${contact.satisfaction}` : String(contact.satisfaction)) },
          ]}
        />
      </Panel>
    </>
  );
}
