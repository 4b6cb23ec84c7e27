import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  agentServesQueue,
  type AgentView,
  FIGURE_DEFINITIONS,
  type QueueContactEvent,
  type QueueFigures,
  type QueueHistoryResponse,
  type QueueLiveStatistics,
  type QueueServiceLevel,
  type QueueStatisticsResponse,
  QueueStatisticsWindow,
  type QueueWindowFigures,
  type RoutingEvent,
  STATISTICS_ROLLING_MINUTES,
  WaitingContacts,
  queueEventOf,
  queueFiguresForRange,
  serviceLevelFigureKey,
  startOfLocalDay,
} from '@callcentre/shared';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { ROUTER_TOOK_OVER, ROUTING_COMMITTED, ROUTING_REBUILT, ROUTING_RECONFIGURED, RoutingCommitted, RoutingService } from '../routing';
import { QueueAgentCounts } from './queue-agent-counts';
import { statisticsErrors } from './statistics.errors';
import { QueueInfo, StatisticsRepository } from './statistics.repository';

const MINUTE = 60_000;
/** How often queue settings are re-read (a changed threshold recomputes the queue's figures) and old data dropped. */
const MAINTENANCE_INTERVAL_MS = 30_000;
/** History: longest range and most intervals one request may ask for. */
export const HISTORY_MAX_DAYS = 31;
export const HISTORY_MAX_INTERVALS = 3000;

interface QueueState {
  info: QueueInfo;
  window: QueueStatisticsWindow;
  /** The queue events the window holds, kept so a changed threshold can recompute them. */
  retained: QueueContactEvent[];
}

function sameThresholds(a: QueueInfo, b: QueueInfo): boolean {
  return a.serviceLevelSeconds === b.serviceLevelSeconds && a.shortAbandonSeconds === b.shortAbandonSeconds;
}

function serviceLevelOfQueue(info: QueueInfo): QueueServiceLevel {
  const figure = serviceLevelFigureKey(info.serviceLevelFormula);
  return {
    formula: info.serviceLevelFormula,
    figure,
    label: FIGURE_DEFINITIONS[figure].label,
    definition: FIGURE_DEFINITIONS[figure].definition,
    targetPercent: info.serviceLevelPercent,
    thresholdSeconds: info.serviceLevelSeconds,
    shortAbandonThresholdSeconds: info.shortAbandonSeconds,
  };
}

function windowFigures(figures: QueueFigures, info: QueueInfo): QueueWindowFigures {
  return {
    startsAt: figures.windowStartsAt,
    endsAt: figures.windowEndsAt,
    offered: figures.offered,
    answered: figures.answered,
    answeredWithinThreshold: figures.answeredWithinThreshold,
    abandoned: figures.abandoned,
    shortAbandoned: figures.shortAbandoned,
    overflowedOut: figures.overflowedOut,
    transferredOut: figures.transferredOut,
    requeued: figures.requeued,
    completed: figures.completed,
    handled: figures.handled,
    serviceLevel: figures.serviceLevel[info.serviceLevelFormula],
    serviceLevelByFormula: figures.serviceLevel,
    asaSeconds: figures.asaSeconds,
    ahtSeconds: figures.ahtSeconds,
    abandonRate: figures.abandonRate,
    abandonRateExcludingShortAbandons: figures.abandonRateExcludingShortAbandons,
  };
}

function thresholdsOf(info: QueueInfo) {
  return { serviceLevelThresholdSeconds: info.serviceLevelSeconds, shortAbandonThresholdSeconds: info.shortAbandonSeconds };
}

/**
 * Contacts waiting in the queue at the end of each of `count` intervals of `intervalMs` from `from`: those waiting
 * at `from`, then the queue's journal events of the range (in journal order) applied as the live figures apply them.
 */
function waitingAtIntervalEnds(queueId: string, waitingAtStart: readonly string[], journal: readonly RoutingEvent[], from: number, intervalMs: number, count: number): number[] {
  const waiting = new WaitingContacts();
  waiting.reset(waitingAtStart.map((contactId) => ({ contactId, queueId, since: from })));
  const ends: number[] = [];
  for (const event of journal) {
    while (ends.length < count - 1 && event.at >= from + (ends.length + 1) * intervalMs) ends.push(waiting.countIn(queueId));
    waiting.apply(event);
  }
  while (ends.length < count) ends.push(waiting.countIn(queueId));
  return ends;
}

/**
 * Emitted when the queues the statistics know changed in a way that changes who serves them: a queue added or
 * removed, or its required skills changed.
 */
export const STATISTICS_QUEUES_CHANGED = 'statistics.queues-changed';

const sameRequirements = (a: QueueInfo, b: QueueInfo) => JSON.stringify(a.requiredSkills) === JSON.stringify(b.requiredSkills);

/** Whether an agent's skills meet every skill the queue requires (the queue's base requirements, before relaxation). */
function servesQueue(agent: Pick<AgentView, 'skills'>, queue: Pick<QueueInfo, 'requiredSkills'>): boolean {
  return agentServesQueue(agent.skills, queue.requiredSkills);
}

/**
 * Per-queue statistics, live and historical, from the routing journal.
 *
 * Live: one QueueStatisticsWindow per queue (shared/src/statistics), fed with every committed routing batch
 * (ROUTING_COMMITTED) through `queueEventOf`. At start, before routing runs, the journal's events since
 * the earliest moment any window needs (local midnight in CENTRE_TIME_ZONE, or the start of the rolling window
 * if earlier) are replayed and the waiting contacts read, in one database snapshot; batches announced in the
 * meantime are held and applied after, so figures survive a restart exactly. The listener is registered in
 * the constructor, not with @OnEvent, so no batch committed while the application starts is missed. When this
 * instance takes routing over from another (ROUTER_TOOK_OVER, before it routes anything), everything is loaded
 * again the same way: the other instance's events never reached this one's windows.
 *
 * Agents per state of each queue (QueueAgentCounts) follow the agents' views as committed, batch by batch, so a
 * read costs the same whatever the size of the floor. They are counted again from routing's core, at the next read,
 * when the core changed without a batch saying how for each agent: once routing has started, after a
 * reconfiguration (new profiles, other skills), a takeover or a rebuild; and when the queues' requirements changed.
 *
 * History: the same mapping over the journal rows of the range, folded with `queueFiguresForRange` (true
 * averages, not averages of averages).
 */
@Injectable()
export class StatisticsService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Statistics');
  readonly timeZone: string;
  readonly rollingMinutes = STATISTICS_ROLLING_MINUTES;
  private readonly queues = new Map<string, QueueState>();
  private readonly waiting = new WaitingContacts();
  /** Batches announced while the starting state is loaded. */
  private held: RoutingEvent[][] | null = [];
  private latestAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<void> = Promise.resolve();
  /** Agents per state of each queue; counted again from the core at the next read while `staffStale`. */
  private readonly staff = new QueueAgentCounts();
  private staffStale = true;
  private readonly listener = (committed: RoutingCommitted) => {
    if (this.held) this.held.push(committed.events);
    else this.applyAll(committed.events);
    if (!this.staffStale) for (const agent of committed.agents) this.staff.take(agent);
  };
  private readonly tookOver = () => {
    this.staffStale = true;
    return this.reload();
  };
  private readonly coreReplaced = () => {
    this.staffStale = true;
  };

  constructor(
    private readonly repository: StatisticsRepository,
    private readonly routing: RoutingService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeZone = config.CENTRE_TIME_ZONE;
    this.events.on(ROUTING_COMMITTED, this.listener);
    this.events.on(ROUTER_TOOK_OVER, this.tookOver);
    this.events.on(ROUTING_RECONFIGURED, this.coreReplaced);
    this.events.on(ROUTING_REBUILT, this.coreReplaced);
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.maintain().catch((error) => this.logger.error(error)), MAINTENANCE_INTERVAL_MS);
    this.timer.unref();
  }

  /** Routing has restored its core by now (its module bootstraps first): the agents are counted from it. */
  async onApplicationBootstrap(): Promise<void> {
    await this.routing.settled();
    this.staffStale = true;
  }

  onModuleDestroy(): void {
    this.events.off(ROUTING_COMMITTED, this.listener);
    this.events.off(ROUTER_TOOK_OVER, this.tookOver);
    this.events.off(ROUTING_RECONFIGURED, this.coreReplaced);
    this.events.off(ROUTING_REBUILT, this.coreReplaced);
    if (this.timer) clearInterval(this.timer);
  }

  /** Resolves once the figures hold everything committed so far (after the start or a takeover). */
  get ready(): Promise<void> {
    return this.loading;
  }

  /**
   * (Re)loads every window from the journal, read in one database snapshot, while routing does not commit (at
   * start, or during a takeover); the figures are replaced in one synchronous step, so readers never see them
   * half loaded. Batches announced meanwhile are held and applied after.
   */
  reload(): Promise<void> {
    this.held ??= [];
    this.loading = this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    const now = this.routing.now();
    const state = await this.repository.startingState(this.keepFrom(now)).catch((error: unknown) => {
      // The figures stay as they were and follow routing again rather than hold batches forever.
      this.applyHeld();
      throw error;
    });
    this.queues.clear();
    this.latestAt = 0;
    for (const info of state.queues) this.queues.set(info.id, this.newQueueState(info));
    this.staffStale = true;
    this.applyAll(state.events);
    this.waiting.reset(state.waiting);
    this.applyHeld();
  }

  private applyHeld(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const events of held) this.applyAll(events);
  }

  /** Queue ids in display order (highest base priority first). */
  queueIds(): string[] {
    return [...this.queues.keys()];
  }

  /** Ids of the queues an agent with these skills serves. */
  queuesServedBy(agent: Pick<AgentView, 'skills'>): string[] {
    return [...this.queues.values()].filter((queue) => servesQueue(agent, queue.info)).map((queue) => queue.info.id);
  }

  queueName(queueId: string): string | undefined {
    return this.queues.get(queueId)?.info.name;
  }

  /** The queue's service-level threshold T, seconds. */
  thresholdSeconds(queueId: string): number | undefined {
    return this.queues.get(queueId)?.info.serviceLevelSeconds;
  }

  /** `GET /api/statistics/queues`. */
  overview(now = this.routing.now()): QueueStatisticsResponse {
    return {
      at: now,
      timeZone: this.timeZone,
      rollingMinutes: this.rollingMinutes,
      definitions: FIGURE_DEFINITIONS,
      queues: this.live(now),
    };
  }

  /**
   * Live statistics of every queue (or of the given ones), computed now. O(queues asked × (minutes of the day +
   * contacts waiting in them)), whatever the number of agents.
   */
  live(now = this.routing.now(), queueIds?: Iterable<string>): QueueLiveStatistics[] {
    const ids = queueIds ? [...new Set(queueIds)].filter((id) => this.queues.has(id)) : [...this.queues.keys()];
    if (ids.length === 0) return [];
    if (this.staffStale) this.countStaff();
    const at = Math.max(now, this.latestAt);
    return ids.map((id) => {
      const { info, window } = this.queues.get(id) as QueueState;
      const waiting = this.waiting.sinceIn(id);
      const rolling = window.rolling(at, this.rollingMinutes, waiting);
      const today = window.sinceMidnight(at, waiting);
      const counts = this.staff.countsOf(id);
      return {
        queueId: info.id,
        code: info.code,
        name: info.name,
        at: now,
        serviceLevel: serviceLevelOfQueue(info),
        waitingCount: rolling.waitingCount,
        longestWaitSeconds: rolling.longestCurrentWaitSeconds,
        rolling: { ...windowFigures(rolling, info), minutes: this.rollingMinutes },
        sinceMidnight: { ...windowFigures(today, info), timeZone: this.timeZone },
        agents: counts,
      };
    });
  }

  /** `GET /api/statistics/queues/:id/history`: figures of [from, to) and of each interval, from the journal. */
  async history(queueId: string, range: { from?: number; to?: number; intervalMinutes?: number }): Promise<QueueHistoryResponse> {
    const info = await this.repository.queue(queueId);
    if (!info) throw statisticsErrors.unknownQueue(queueId);
    const now = this.routing.now();
    const to = range.to ?? now;
    const from = range.from ?? startOfLocalDay(to - 1, this.timeZone);
    const intervalMinutes = range.intervalMinutes ?? 60;
    if (to <= from) throw statisticsErrors.badRange('to must be after from', { from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    if (to - from > HISTORY_MAX_DAYS * 24 * 60 * MINUTE) {
      throw statisticsErrors.badRange(`a history covers at most ${HISTORY_MAX_DAYS} days`, { maxDays: HISTORY_MAX_DAYS });
    }
    const intervalMs = intervalMinutes * MINUTE;
    const count = Math.ceil((to - from) / intervalMs);
    if (count > HISTORY_MAX_INTERVALS) {
      throw statisticsErrors.badRange(`at most ${HISTORY_MAX_INTERVALS} intervals: choose a longer interval or a shorter range`, { intervals: count, maxIntervals: HISTORY_MAX_INTERVALS });
    }
    const [journal, waitingAtStart] = await Promise.all([this.repository.queueEvents(queueId, from, to), this.repository.waitingBefore(queueId, from)]);
    const events = journal.flatMap((event) => {
      const mapped = queueEventOf(event);
      return mapped && mapped.queueId === queueId ? [mapped] : [];
    });
    const waitingAtEnds = waitingAtIntervalEnds(queueId, waitingAtStart, journal, from, intervalMs, count);
    const thresholds = thresholdsOf(info);
    const perInterval: QueueContactEvent[][] = Array.from({ length: count }, () => []);
    for (const event of events) perInterval[Math.min(count - 1, Math.floor((event.at - from) / intervalMs))].push(event);
    const figuresOf = (list: QueueContactEvent[], fromInclusive: number, toExclusive: number) =>
      windowFigures(queueFiguresForRange(list, { queueId, fromInclusive, toExclusive, thresholds }), info);
    return {
      queueId: info.id,
      code: info.code,
      name: info.name,
      timeZone: this.timeZone,
      from,
      to,
      intervalMinutes,
      serviceLevel: serviceLevelOfQueue(info),
      total: figuresOf(events, from, to),
      intervals: perInterval.map((list, index) => ({
        ...figuresOf(list, from + index * intervalMs, Math.min(to, from + (index + 1) * intervalMs)),
        waitingAtEnd: waitingAtEnds[index],
      })),
    };
  }

  /** Re-reads queue settings (new queues, renamed queues, changed thresholds) and drops data no window needs. */
  async maintain(now = this.routing.now()): Promise<void> {
    const infos = await this.repository.queues();
    const regrouped = infos.length !== this.queues.size || infos.some((info) => {
      const current = this.queues.get(info.id);
      return !current || !sameRequirements(current.info, info);
    });
    const fresh = new Map<string, QueueState>();
    for (const info of infos) {
      const current = this.queues.get(info.id);
      if (!current) {
        fresh.set(info.id, this.newQueueState(info));
      } else if (!sameThresholds(current.info, info)) {
        const rebuilt = this.newQueueState(info);
        for (const event of current.retained) this.record(rebuilt, event);
        fresh.set(info.id, rebuilt);
      } else {
        current.info = info;
        fresh.set(info.id, current);
      }
    }
    this.queues.clear();
    for (const [id, state] of fresh) this.queues.set(id, state);
    const keepFrom = this.keepFrom(Math.max(now, this.latestAt));
    for (const state of this.queues.values()) {
      state.retained = state.retained.filter((event) => event.at >= keepFrom);
      state.window.evict(Math.max(now, this.latestAt));
    }
    if (regrouped) {
      this.staff.requeue(this.countedQueues());
      this.events.emit(STATISTICS_QUEUES_CHANGED);
    }
  }

  /** Counts every agent of routing's core per queue and state: O(agents × queues), after the core changed wholesale. */
  private countStaff(): void {
    const core = this.routing.core;
    this.staff.reset(
      this.countedQueues(),
      core.agentIds().flatMap((id) => core.getAgent(id) ?? []),
    );
    this.staffStale = false;
  }

  private countedQueues() {
    return [...this.queues.values()].map((queue) => ({ id: queue.info.id, requiredSkills: queue.info.requiredSkills }));
  }

  /** The earliest moment a window asked for at `now` can reach: local midnight, or the rolling window's start. */
  private keepFrom(now: number): number {
    const rollingStart = (Math.floor(now / MINUTE) - (this.rollingMinutes - 1)) * MINUTE;
    return Math.min(startOfLocalDay(now, this.timeZone), rollingStart);
  }

  private newQueueState(info: QueueInfo): QueueState {
    return {
      info,
      window: new QueueStatisticsWindow({ queueId: info.id, timeZone: this.timeZone, maxRollingMinutes: this.rollingMinutes, ...thresholdsOf(info) }),
      retained: [],
    };
  }

  private applyAll(events: readonly RoutingEvent[]): void {
    for (const event of events) {
      this.latestAt = Math.max(this.latestAt, event.at);
      const mapped = queueEventOf(event);
      if (mapped) {
        const state = this.queues.get(mapped.queueId);
        if (state && this.record(state, mapped)) state.retained.push(mapped);
      }
      this.trackWaiting(event);
    }
  }

  private record(state: QueueState, event: QueueContactEvent): boolean {
    try {
      return state.window.record(event);
    } catch (error) {
      this.logger.warn(`event of contact ${event.contactId} left out of the statistics: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  /** Contacts waiting per queue, for the live waiting count and longest wait. */
  private trackWaiting(event: RoutingEvent): void {
    this.waiting.apply(event);
  }
}
