import { maySeeView, type LiveContact } from '@callcentre/shared';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader, Panel, Spinner, Table } from '../design-system';
import { SatisfactionPanel } from '../features/satisfaction';
import { useResource } from '../api/use-resource';
import { useSession } from '../features/auth';
import { AgentDay, FloorSummaryBar, QueueDrillDown, WallTv, floorSummary, useFloorTranslation } from '../features/floor';
import '../features/floor/floor.css';
import { useQueues } from '../features/queues';
import { useRealtime, useServerNow } from '../features/realtime';
import { useDocumentTitle } from '../features/shell';
import { fetchSkills } from '../features/wallboard/api/wallboard-api';
import { useTranslation } from 'react-i18next';
import './pages.css';

const WAITING = new Set<LiveContact['status']>(['waiting', 'offered']);

function useFloor() {
  const wallboard = useRealtime((state) => state.wallboard);
  const queues = useMemo(() => Object.values(wallboard?.queues ?? {}).sort((a, b) => a.name.localeCompare(b.name)), [wallboard?.queues]);
  const agents = useMemo(() => Object.values(wallboard?.agents ?? {}), [wallboard?.agents]);
  const summary = useMemo(() => floorSummary(queues, agents.map((agent) => agent.state)), [queues, agents]);
  return { wallboard, queues, agents, summary };
}

/** The supervisor's floor: the summary at the top, then one queue's waiting contacts and why they wait. */
export function FloorPage() {
  const { t } = useFloorTranslation();
  const common = useTranslation();
  const { session } = useSession();
  const queueSettings = useQueues();
  const skills = useResource(fetchSkills);
  const { wallboard, queues, agents, summary } = useFloor();
  const [selected, setSelected] = useState<string | null>(null);
  useDocumentTitle(t('title'));
  const queueId = selected ?? queues.find((queue) => queue.waitingCount > 0)?.queueId ?? queues[0]?.queueId ?? null;
  const queue = queueSettings.data?.find((candidate) => candidate.id === queueId);
  const contacts = Object.values(wallboard?.contacts ?? {}).filter((contact) => contact.queueId === queueId && WAITING.has(contact.status));
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={<><Link to="/floor/shifts">{t('shifts')}</Link> <Link to="/floor/wall">{t('wall.open')}</Link></>} />
      {!wallboard ? (
        <div className="cc-page-placeholder"><Spinner label={t('connecting')} /></div>
      ) : (
        <div className="cc-floor">
          <FloorSummaryBar summary={summary} />
          <nav className="cc-floor-queues" aria-label={t('queue.choose')}>
            {queues.map((live) => (
              <button key={live.queueId} type="button" className={live.queueId === queueId ? 'cc-floor-queue cc-floor-queue--active' : 'cc-floor-queue'} aria-pressed={live.queueId === queueId} onClick={() => setSelected(live.queueId)} data-testid={`floor-queue-${live.code}`}>
                <span>{live.name}</span> <strong>{live.waitingCount}</strong>
              </button>
            ))}
          </nav>
          {queue ? (
            <QueueDrillDown queue={queue} queues={queueSettings.data ?? []} contacts={contacts} agents={agents} skills={skills.data ?? []} mayAct={maySeeView(session?.roles ?? [], 'floorContactActions')} />
          ) : null}
          <Panel title={t('agents.title')} description={t('agents.signedOut', { count: agents.filter((agent) => agent.state === 'offline').length })}>
            <Table
              caption={t('agents.title')}
              stackOnPhone
              empty={t('agents.none')}
              rows={[...agents].sort((a, b) => Number(a.state === 'offline') - Number(b.state === 'offline') || a.displayName.localeCompare(b.displayName))}
              rowKey={(agent) => agent.id}
              columns={[
                { key: 'name', header: t('agents.name'), render: (agent) => <Link to={`/floor/agents/${agent.id}`}>{agent.displayName}</Link> },
                { key: 'state', header: t('agents.state'), render: (agent) => common.t(`agentState.${agent.state}`) },
              ]}
            />
          </Panel>
          <SatisfactionPanel />
        </div>
      )}
    </>
  );
}

/** One agent's day, opened from the floor. */
export function FloorAgentPage() {
  const { t } = useFloorTranslation();
  const { agentId = '' } = useParams();
  const { agents } = useFloor();
  const now = useServerNow();
  const agent = agents.find((candidate) => candidate.id === agentId);
  useDocumentTitle(agent?.displayName ?? t('agent.title'));
  return (
    <>
      <PageHeader title={agent?.displayName ?? t('agent.title')} description={t('agent.description')} actions={<Link to="/floor">{t('agent.back')}</Link>} />
      <div className="cc-floor"><AgentDay agentId={agentId} agent={agent} now={now} /></div>
    </>
  );
}

/** The TV layout for a wall screen: large type, no controls, queues cycling. */
export function FloorWallPage() {
  const { t } = useFloorTranslation();
  const { wallboard, queues, summary } = useFloor();
  const now = useServerNow();
  useDocumentTitle(t('wall.title'));
  // A TV shows the floor alone: no top bar, no navigation, nothing to press.
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.display = 'tv';
    return () => {
      delete root.dataset.display;
    };
  }, []);
  if (!wallboard) return <div className="cc-page-placeholder"><Spinner label={t('connecting')} /></div>;
  return <WallTv summary={summary} queues={queues} now={now} />;
}
