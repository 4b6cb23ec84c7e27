import { maySeeView } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useEffect, useMemo, useState } from 'react';
import { Button, CollapseIcon, EmptyState, ExpandIcon, PageHeader, Spinner, TileGrid, TileGridItem, WallboardIcon } from '../design-system';
import { useSession } from '../features/auth';
import { useQueues } from '../features/queues';
import { useRealtime, useServerNow } from '../features/realtime';
import { AgentsTable, ComplaintDeadlinesPanel, EmailBacklogPanel, LiveAlertsPanel, LiveQueueTile, QueueTrendChart, useCallTimes, useSeededSeries } from '../features/wallboard';
import { useDocumentTitle } from '../features/shell';
import { StaffingPanel } from '../features/staffing';
import { CallsOnHold } from '../features/call-controls';
import { SatisfactionPanel } from '../features/satisfaction';
import { useFormatters } from '../i18n/formatters';
import './pages.css';

export const WALL_DISPLAY_PARAM = 'display';

/**
 * Wall display mode, kept in the address (/wallboard?display=wall) so a wall screen's browser can
 * open straight into it. It scales the console up for reading at a distance and, where the
 * browser allows, goes full screen.
 */
function useWallDisplay(): { active: boolean; toggle(): void } {
  const [searchParams, setSearchParams] = useSearchParams();
  const active = searchParams.get(WALL_DISPLAY_PARAM) === 'wall';

  useEffect(() => {
    const root = document.documentElement;
    if (active) root.dataset.display = 'wall';
    else delete root.dataset.display;
    return () => {
      delete root.dataset.display;
    };
  }, [active]);

  const toggle = () => {
    const next = new URLSearchParams(searchParams);
    if (active) {
      next.delete(WALL_DISPLAY_PARAM);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    } else {
      next.set(WALL_DISPLAY_PARAM, 'wall');
      if (document.fullscreenEnabled) void document.documentElement.requestFullscreen().catch(() => undefined);
    }
    setSearchParams(next, { replace: true });
  };
  return { active, toggle };
}

export function WallboardPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { session } = useSession();
  const queues = useQueues();
  const wallDisplay = useWallDisplay();
  const now = useServerNow();
  const status = useRealtime((state) => state.status);
  const wallboard = useRealtime((state) => state.wallboard);
  const series = useRealtime((state) => state.series);
  const [chartQueue, setChartQueue] = useState<string | null>(null);
  useDocumentTitle(t('nav.wallboard'));

  // Highest priority first (from the queue settings), then by name.
  const priority = useMemo(() => new Map((queues.data ?? []).map((queue) => [queue.id, queue.basePriority])), [queues.data]);
  const tiles = useMemo(
    () =>
      Object.values(wallboard?.queues ?? {}).sort(
        (a, b) => (priority.get(b.queueId) ?? 0) - (priority.get(a.queueId) ?? 0) || a.name.localeCompare(b.name),
      ),
    [wallboard?.queues, priority],
  );
  const agents = useMemo(() => Object.values(wallboard?.agents ?? {}), [wallboard?.agents]);
  useSeededSeries(
    tiles.map((tile) => tile.queueId),
    now,
    Boolean(wallboard),
  );
  const callTimes = useCallTimes(tiles, Boolean(wallboard));
  const latest = tiles.reduce((max, tile) => Math.max(max, tile.at), 0);
  const roles = session?.roles ?? [];

  return (
    <>
      <PageHeader
        title={t('wallboard.title')}
        description={t('wallboard.description')}
        actions={
          <>
            {latest > 0 ? (
              <span className="cc-updated">
                <span className={`cc-live-dot cc-live-dot--${status === 'live' ? 'on' : 'off'}`} aria-hidden="true" />
                {status === 'live' ? t('wallboard.liveAt', { time: format.time(latest) }) : t('wallboard.staleAt', { time: format.time(latest) })}
              </span>
            ) : null}
            <Button
              icon={wallDisplay.active ? <CollapseIcon /> : <ExpandIcon />}
              onClick={wallDisplay.toggle}
              aria-pressed={wallDisplay.active}
              size="sm"
            >
              {wallDisplay.active ? t('wallboard.exitWallDisplay') : t('wallboard.wallDisplay')}
            </Button>
          </>
        }
      />
      {!wallboard ? (
        <div className="cc-page-placeholder">
          <Spinner label={status === 'reconnecting' ? t('realtime.reconnecting') : t('wallboard.connecting')} />
        </div>
      ) : tiles.length === 0 ? (
        <div className="cc-page-placeholder">
          <EmptyState icon={<WallboardIcon />} title={t('wallboard.emptyTitle')}>
            <p>{t('wallboard.emptyBody')}</p>
          </EmptyState>
        </div>
      ) : (
        <div className="cc-wallboard">
          <TileGrid label={t('wallboard.queuesLabel')}>
            {tiles.map((tile) => (
              <TileGridItem key={tile.queueId}>
                <LiveQueueTile stats={tile} now={now} callTimes={callTimes.get(tile.queueId)} />
              </TileGridItem>
            ))}
          </TileGrid>
          <div className="cc-wallboard__middle">
            <QueueTrendChart queues={tiles} series={series} selectedId={chartQueue} onSelect={setChartQueue} now={now} />
            <div className="cc-wallboard__side">
              <LiveAlertsPanel agents={agents} />
              <CallsOnHold />
              {maySeeView(roles, 'complaintDeadlines') ? <ComplaintDeadlinesPanel now={now} /> : null}
              {maySeeView(roles, 'complaintDeadlines') ? <EmailBacklogPanel queues={tiles} now={now} /> : null}
            </div>
          </div>
          <AgentsTable
            agents={agents}
            contacts={wallboard.contacts}
            now={now}
            mayForceState={!wallDisplay.active && maySeeView(roles, 'forceAgentState')}
            mayEditSkills={!wallDisplay.active && maySeeView(roles, 'editAgentSkills')}
          />
          <SatisfactionPanel />
        </div>
      )}
      {/* A wall display is read from across the room: no forms on it. */}
      {wallDisplay.active ? null : <StaffingPanel queues={queues.data} />}
    </>
  );
}
