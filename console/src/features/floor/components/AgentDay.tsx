import type { WallboardAgent } from '@callcentre/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { useFormatters } from '../../../i18n/formatters';
import { floorApi } from '../api/floor-api';
import { useFloorTranslation } from '../i18n';

const clock = (seconds: number | null) => (seconds === null ? '—' : `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`);

/** One agent's day: state now, today's contacts with their waits and handle times, and the average handle time. */
export function AgentDay({ agentId, agent, now }: { agentId: string; agent: WallboardAgent | undefined; now: number }) {
  const { t } = useFloorTranslation();
  const common = useTranslation();
  const format = useFormatters();
  const load = useCallback((signal: AbortSignal) => floorApi.agentContacts(agentId, signal), [agentId]);
  const contacts = useResource(load, { refreshIntervalMs: 15_000 });
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const today = (contacts.data ?? []).filter((contact) => new Date(contact.arrivedAt).getTime() >= midnight.getTime());
  const handled = today.filter((contact) => contact.handleSeconds !== null);
  const aht = handled.length ? handled.reduce((sum, contact) => sum + (contact.handleSeconds ?? 0), 0) / handled.length : null;
  return (
    <>
      <section className="cc-floor-summary" aria-label={t('agent.summary')} data-testid="agent-day">
        <div className="cc-floor-figure">
          <span className="cc-floor-figure__label">{t('agent.state')}</span>
          <span className="cc-floor-figure__value cc-floor-figure__value--text">{agent ? common.t(`agentState.${agent.state}`) : common.t('agentState.offline')}</span>
          {agent ? <span className="cc-floor-figure__note">{t("agent.since", { time: clock(Math.max(0, (now - agent.stateSince) / 1000)) })}</span> : null}
        </div>
        <div className="cc-floor-figure">
          <span className="cc-floor-figure__label">{t('agent.contactsToday')}</span>
          <span className="cc-floor-figure__value">{format.number(today.length)}</span>
        </div>
        <div className="cc-floor-figure">
          <span className="cc-floor-figure__label">{t('agent.aht')}</span>
          <span className="cc-floor-figure__value">{clock(aht)}</span>
        </div>
      </section>
      <Panel title={t('agent.contactsTitle')} description={t('agent.statesNote')}>
        <Table
          caption={t('agent.contactsTitle')}
          stackOnPhone
          rows={today}
          rowKey={(contact) => contact.id}
          empty={t('agent.none')}
          columns={[
            { key: 'at', header: t('agent.arrived'), render: (contact) => format.time(new Date(contact.arrivedAt)) },
            { key: 'channel', header: t('agent.channel'), render: (contact) => common.t(`channels.${contact.channel}`) },
            { key: 'customer', header: t('agent.customer'), render: (contact) => contact.customerName ?? '—' },
            { key: 'wait', header: t('agent.wait'), numeric: true, render: (contact) => clock(contact.waitSeconds) },
            { key: 'handle', header: t('agent.handle'), numeric: true, render: (contact) => clock(contact.handleSeconds) },
            { key: 'status', header: t('agent.status'), render: (contact) => <Badge>{common.t(`contactStatus.${contact.status}`, { defaultValue: contact.status })}</Badge> },
            { key: 'disposition', header: t('agent.disposition'), render: (contact) => contact.disposition ?? '—' },
          ]}
        />
      </Panel>
    </>
  );
}
