import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  AgentView,
  ContactRecord,
  ContactView,
  RoutingCommand,
  RoutingEngine,
  RoutingError,
  RoutingEvent,
  RoutingPolicy,
  RoutingSnapshot,
  RoutingView,
  resolvePolicy,
} from '@callcentre/shared';
import { DomainError } from '../../common/http/domain-error';
import type { StoredAlert } from '../alerts';
import type { QueueEntity } from '../queues';
import { routingAlerts } from './routing-alerts';
import { addToBatch, CommandExtras, emptyBatch, OpenBatch } from './routing-batch';
import { orderForOverflow, RoutingConfiguration } from './routing-configuration';
import { RouterLease } from './router-lease';
import { JournalBatch, RoutingJournal } from './routing-journal';
import { routingErrors, toDomainError } from './routing.errors';
import { ROUTER_TOOK_OVER, ROUTING_COMMITTED, ROUTING_REBUILT, ROUTING_RECONFIGURED, RouterTookOver, RoutingCommitted, RoutingRebuilt } from './routing.events';

// Other modules import routing's event names and payloads from the service, where they were declared first.
export * from './routing.events';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Where this instance stands: `active` routes; `recovering` rebuilds its core from the database (after a failed
 * commit, a broken lock session, at start or on a takeover) and takes no command until it is done; `standby`: another
 * instance holds the router lock; `unavailable`: the database cannot be reached.
 */
export type RouterState = 'active' | 'recovering' | 'standby' | 'unavailable';

/** How often a standby instance asks for the router lock. */
const STANDBY_RETRY_MS = 2_000;
/** How often an instance that cannot reach the database tries again. */
const UNAVAILABLE_RETRY_MS = 1_000;
/** Longest a command waits for routing to finish rebuilding before it is refused (503). */
const RECOVERY_WAIT_MS = 5_000;

/**
 * Owns the routing core. Commands run synchronously on the core, one at a time, in arrival order;
 * their changes are journaled by group commit (all commands that arrive while a transaction is in
 * flight share the next one), and only after the commit are callers answered and events announced.
 * If a commit fails or the router lock's session breaks, routing stops at once: every uncommitted command fails,
 * later commands wait while the core is rebuilt from the database (or are refused with 503), so memory never runs
 * ahead of what is stored and nothing run on a core that is being replaced is acknowledged; the live views reload
 * from the rebuilt core (ROUTING_REBUILT).
 */
@Injectable()
export class RoutingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Routing');
  private engine = new RoutingEngine();
  private open = emptyBatch();
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt: number | null = null;
  private stopped = false;
  /** Where this instance stands (see RouterState); only `active` routes. */
  private state: RouterState = 'standby';
  /** While recovering: settles once routing takes commands again, stands by, or finds the database out of reach. */
  private recovery: Promise<void> | null = null;
  /** Asks for the router lock again while standing by or while the database is out of reach. */
  private retryTimer: NodeJS.Timeout | null = null;
  /** When the database was first found out of reach in this outage, and the tries that failed since. */
  private unavailableSince: number | null = null;
  private failedTries = 0;
  /** Commits that failed since the last one that succeeded. */
  private failedCommits = 0;
  /** Queues, skill codes and agents' names as last loaded, and what of them the core was given. */
  private readonly configuration = new RoutingConfiguration(this.logger);
  /** The latest configuration reload; the next waits for it. */
  private configurationReloads: Promise<void> = Promise.resolve();
  /** Clock of the core; injectable for tests. */
  now: () => number = () => Date.now();

  constructor(
    private readonly journal: RoutingJournal,
    private readonly events: EventEmitter2,
    private readonly lease: RouterLease,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The lock session's error stops routing at once: no command runs and /ready says 503 until the core is rebuilt.
    this.lease.onLost(() => void this.recover('the router lock session broke'));
    const attempt = await this.lease.acquire();
    if (attempt === 'held') await this.startRecovery('start');
    else await this.waitForLock(attempt);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    while (this.recovery || this.flushing) await (this.recovery ?? this.flushing);
    await this.lease.close();
  }

  /** True while this instance holds the router lock and routes; false while it stands by, recovers or cannot reach the database. */
  get active(): boolean {
    return this.state === 'active';
  }

  /** Where this instance stands, for readiness and the realtime edge. */
  get routerState(): RouterState {
    return this.state;
  }

  /**
   * Refuses work that needs the router (503) before anything is looked up or written: on a standby
   * (`ROUTER_STANDBY`) or while the database cannot be reached (`DATABASE_UNAVAILABLE`). While routing rebuilds,
   * work goes on: its command waits for the rebuild.
   */
  assertActive(): void {
    if (this.state !== 'active' && this.state !== 'recovering') throw this.refusal();
  }

  /**
   * Resolves once this instance routes, so that work which reads the core before its command (a queue, an agent, a
   * contact looked up) reads the rebuilt one: at once while active, after the rebuild while recovering (refused
   * after RECOVERY_WAIT_MS); refuses (503) on a standby or while the database cannot be reached.
   */
  async whenActive(): Promise<void> {
    if (this.state === 'recovering') await this.afterRecovery();
    if (this.state === 'recovering') throw routingErrors.databaseUnavailable();
    if (this.state !== 'active') throw this.refusal();
  }

  /** Why this instance takes no routing command now. */
  refusal(): DomainError {
    return this.state === 'standby' ? routingErrors.standby() : routingErrors.databaseUnavailable();
  }

  /**
   * Routing stops at once: a commit failed or the lock session broke. Everything the core ran ahead with fails
   * (it is not committed), commands wait, and the core is rebuilt from the database once the lock is verified or
   * taken back; if another instance took the lock, this one stands by; if the database is out of reach, it waits.
   */
  private recover(cause: string, failed?: OpenBatch): Promise<void> {
    const open = this.open;
    this.open = emptyBatch();
    const notSaved = routingErrors.notSaved();
    for (const waiter of [...(failed?.waiters ?? []), ...open.waiters]) waiter.reject(notSaved);
    if (this.recovery) return this.recovery;
    if (this.state !== 'active' || this.stopped) return Promise.resolve();
    this.logger.warn(`routing stopped (${cause}); rebuilding from the database before it takes another command`);
    return this.startRecovery('rebuild');
  }

  /** Commands wait from now until the core is rebuilt (see `resume`). */
  private startRecovery(how: 'start' | 'takeover' | 'rebuild'): Promise<void> {
    this.state = 'recovering';
    this.cancelTimer();
    const recovery: Promise<void> = this.resume(how)
      .catch(async (error) => {
        // Not left recovering for ever: it tries again as while the database is out of reach.
        this.logger.error(`routing could not resume: ${error instanceof Error ? error.stack : String(error)}`);
        await this.waitForLock('unreachable').catch(() => undefined);
      })
      .finally(() => {
        if (this.recovery === recovery) this.recovery = null;
      });
    this.recovery = recovery;
    return recovery;
  }

  /**
   * Rebuilds the core from the database with the lock held, announces it (after a takeover the services that follow
   * routing reload first), and only then takes commands. The first batch closes every offer that was ringing (an
   * `offer.withdrawn` each) and queues every contact found waiting without a routing record, before anything is
   * routed again.
   */
  private async resume(how: 'start' | 'takeover' | 'rebuild'): Promise<void> {
    if (how === 'rebuild' && this.failedCommits > 1) await sleep(Math.min(2_000, 50 * 2 ** this.failedCommits));
    for (;;) {
      if (this.stopped) return;
      const attempt = (await this.lease.verify()) ? 'held' : await this.lease.acquire();
      if (attempt !== 'held') return this.waitForLock(attempt);
      let rebuilt: RoutingEvent[];
      try {
        rebuilt = await this.rebuild();
      } catch (error) {
        this.lease.lastFailure = error instanceof Error ? error.message : String(error);
        return this.waitForLock('unreachable');
      }
      if (!this.lease.held) continue; // the lock session broke meanwhile: what was read may be stale
      if (how === 'takeover') {
        const tookOver: RouterTookOver = { at: this.now() };
        await this.events.emitAsync(ROUTER_TOOK_OVER, tookOver).catch((error) => this.logger.error(`reload after the takeover failed: ${error instanceof Error ? error.stack : String(error)}`));
      } else if (how === 'rebuild') {
        await this.announceRebuilt('commit_failed');
      }
      if (!this.lease.held) continue;
      this.state = 'active';
      this.logger.log(`routing core ready: ${this.engine.queueIds().length} queues, ${this.engine.agentIds().length} agents, ${this.engine.contactIds().length} live contacts`);
      // Overdue timers (offers, wrap-ups, relaxation) fire at once.
      this.execute((engine, now) => [...rebuilt, ...engine.dispatch({ type: 'tick' }, now)]).catch((error) => this.logger.error(`routing after the rebuild not saved: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
  }

  /**
   * Routing is away: another instance holds the lock (`busy`: stand by) or the database is out of reach
   * (`unreachable`). The core is emptied (it holds nothing committed any more), the change is logged and announced
   * once, and the lock is asked for again until it is held; then the core is rebuilt, as after a takeover.
   */
  private async waitForLock(attempt: 'busy' | 'unreachable'): Promise<void> {
    const state: RouterState = attempt === 'busy' ? 'standby' : 'unavailable';
    const changed = this.state !== state;
    this.state = state;
    this.engine = new RoutingEngine();
    this.cancelTimer();
    if (state === 'unavailable' && this.lease.held) await this.lease.release();
    if (changed) {
      if (state === 'standby') {
        this.logger.log('another server instance routes contacts on this database; standing by to take over');
      } else {
        this.unavailableSince = Date.now();
        this.failedTries = 0;
        this.logger.error(`the database cannot be reached (${this.lease.lastFailure ?? 'no answer'}); routing resumes by itself when it is back`);
      }
      await this.announceRebuilt(state);
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        void this.retryLock().catch((error) => this.logger.error(`router lock not asked for: ${error instanceof Error ? error.stack : String(error)}`));
      },
      this.state === 'standby' ? STANDBY_RETRY_MS : UNAVAILABLE_RETRY_MS,
    );
    this.retryTimer.unref();
  }

  /** One more request for the lock, while standing by or while the database is out of reach. */
  private async retryLock(): Promise<void> {
    if (this.stopped || (this.state !== 'standby' && this.state !== 'unavailable')) return;
    const attempt = await this.lease.acquire();
    if (this.stopped) return;
    if (attempt === 'held') {
      if (this.state === 'unavailable') {
        const seconds = ((Date.now() - (this.unavailableSince ?? Date.now())) / 1000).toFixed(1);
        this.logger.log(`the database answers again after ${seconds} s (${this.failedTries} tries failed meanwhile); routing resumes`);
      } else {
        this.logger.log('router lock taken over: this instance routes now');
      }
      this.unavailableSince = null;
      await this.startRecovery('takeover');
      return;
    }
    if (attempt === 'unreachable' && this.state === 'unavailable') {
      this.failedTries += 1;
      // Repeated failures are counted, not logged one by one: a line every 30 tries.
      if (this.failedTries % 30 === 0) this.logger.warn(`the database still cannot be reached: ${this.failedTries} tries failed over ${Math.round((Date.now() - (this.unavailableSince ?? Date.now())) / 1000)} s`);
    }
    await this.waitForLock(attempt);
  }

  /**
   * Reads configuration and live state from the database and restores the core from it; the offers that rang are
   * withdrawn and the contacts left waiting without a routing record are queued again. Answers the events of both,
   * for the first batch to journal.
   */
  async rebuild(): Promise<RoutingEvent[]> {
    const { skills, queues, agents } = await this.journal.loadConfiguration();
    this.configuration.remember(skills, queues, agents);
    const live = await this.journal.loadLiveState();
    const unrouted = await this.journal.loadUnroutedWaiting();
    const policy = this.loadablePolicy(await this.journal.loadPolicy());
    const definitions = this.configuration.queueDefinitions(orderForOverflow(queues));
    const profiles = agents.map((agent) => this.configuration.agentProfile(agent));
    const snapshot: RoutingSnapshot = {
      ...live.engine,
      policy,
      queues: definitions,
      agents: profiles.map((profile) => ({ ...(live.agents.get(profile.id) ?? {}), ...profile })),
      contacts: live.contacts,
    };
    let engine: RoutingEngine;
    try {
      engine = RoutingEngine.restore(snapshot);
    } catch (error) {
      if (!(error instanceof RoutingError)) throw error;
      // Records the core cannot restore with their offers ringing: restored without them (their contacts wait).
      this.logger.error(`routing restored without the ringing offers, which it refused (${error.details.problem ?? error.message})`);
      engine = RoutingEngine.restore({ ...snapshot, contacts: live.contacts.map(withdrawRingingOffer) });
    }
    const now = this.now();
    // A ringing offer does not survive a rebuild: the desktop may have missed its end. It is closed in the journal
    // before the contact is routed again.
    const events = engine.dispatch({ type: 'withdraw_ringing_offers' }, now);
    for (const contact of unrouted) {
      try {
        events.push(...engine.dispatch({ type: 'enqueue', contact }, now));
        this.logger.warn(`contact ${contact.id} was waiting without a routing record; it is queued again from its arrival`);
      } catch (error) {
        if (!(error instanceof RoutingError)) throw error;
        this.logger.error(`contact ${contact.id} waits without a routing record and cannot be queued again (${error.details.problem ?? error.message})`);
      }
    }
    this.engine = engine;
    this.configuration.appliedAll(definitions, profiles);
    return events;
  }

  /**
   * The stored rules, or the defaults when the core refuses them (a row edited by hand: the API stores only
   * rules it accepts), so that a bad row never keeps the router from starting.
   */
  private loadablePolicy(stored: Partial<RoutingPolicy>): Partial<RoutingPolicy> {
    try {
      resolvePolicy(stored);
      return stored;
    } catch (error) {
      if (!(error instanceof RoutingError)) throw error;
      this.logger.error(`the stored routing policy is refused by routing (${error.details.problem ?? error.message}); the default rules apply until the policy is saved again`);
      return {};
    }
  }

  /** The rules in force. */
  get policy(): RoutingPolicy {
    return this.engine.settings;
  }

  /**
   * Stores new routing rules and applies them at once: the core is rebuilt synchronously from its own
   * snapshot with the new policy, so no command runs between the old rules and the new.
   */
  async applyPolicy(overrides: Partial<RoutingPolicy>, byUserId: string): Promise<RoutingPolicy> {
    let resolved: RoutingPolicy;
    try {
      resolved = resolvePolicy(overrides);
    } catch (error) {
      if (error instanceof RoutingError) throw routingErrors.invalidPolicy(error.details.problem ?? error.message);
      throw error;
    }
    await this.journal.savePolicy(overrides, byUserId);
    this.engine = RoutingEngine.restore({ ...this.engine.snapshot(), policy: resolved });
    this.scheduleTimer();
    return resolved;
  }

  /** The core as views, presence and explanations read it: queries only; changes go through `dispatch`. */
  get core(): RoutingView {
    return this.engine;
  }

  /** A queue's configuration by id or code, from the last load: ingestion resolves queues without a query. */
  queue(idOrCode: string): QueueEntity | undefined {
    return this.configuration.queue(idOrCode);
  }

  queues(): QueueEntity[] {
    return this.configuration.queues();
  }

  skillCode(skillId: string): string | undefined {
    return this.configuration.skillCode(skillId);
  }

  /**
   * Reloads the stored configuration into the core (after an API change). Reloads run one after another,
   * each reading the configuration when its turn comes, so the last change stored is the one in force.
   */
  reloadConfiguration(): Promise<void> {
    const reload = this.configurationReloads.then(() => this.reloadStoredConfiguration());
    this.configurationReloads = reload.catch(() => undefined);
    return reload;
  }

  /**
   * Applies a configuration change that the caller has already stored with its audit entry: the answer to the
   * change must say what is stored. A failed commit of the reload does not undo the change: while this instance
   * keeps the router lock, the core is rebuilt from the database, change included (or, should the rebuild fail, the
   * core keeps the reload it ran ahead with), so the change is in force and this resolves. A reload that gave up
   * waiting for a rebuild is run again once routing takes commands. Only when it could not reach the core (this
   * instance stopped routing, or the configuration could not be read) does it reject, with a 503 saying that the
   * change is saved and when it applies.
   */
  async applyStoredConfiguration(): Promise<void> {
    let failure: unknown;
    try {
      await this.reloadConfiguration();
      return;
    } catch (error) {
      failure = error;
    }
    // After a failed commit, the rebuild runs before the next commit: wait for it, to know where routing stands.
    await this.settled();
    if (this.state === 'active' && !this.stopped) {
      if (failure instanceof DomainError && failure.code === 'ROUTING_NOT_SAVED') {
        this.logger.warn('a configuration change was saved, but its reload was not committed; routing rebuilt from the database applies it');
        return;
      }
      // The reload gave up waiting for a rebuild that may have read the configuration before the change was stored:
      // routing takes commands again, so the stored configuration is loaded once more.
      try {
        await this.reloadConfiguration();
        return;
      } catch (error) {
        failure = error;
      }
    }
    this.logger.error(`a saved configuration change was not applied to routing: ${failure instanceof Error ? failure.message : String(failure)}`);
    throw routingErrors.changeSavedNotApplied();
  }

  private async reloadStoredConfiguration(): Promise<void> {
    const { skills, queues, agents } = await this.journal.loadConfiguration();
    const ordered = orderForOverflow(queues);
    this.configuration.remember(skills, ordered, agents);
    const definitions = this.configuration.queueDefinitions(ordered);
    await this.run((engine, now) => this.configuration.applyChanges(engine, now, definitions, agents));
    this.events.emit(ROUTING_RECONFIGURED);
  }

  /**
   * Runs a command on the core and resolves once its changes are committed; a refusal of the core rejects at once
   * with nothing changed. Several commands run in turn as one step, committed together: list only commands that
   * follow from the ones before and cannot be refused once those applied (a refusal rejects the whole step). `result`
   * reads the core right after the step ran, before anything else runs on it.
   */
  dispatch<T = void>(command: RoutingCommand | readonly RoutingCommand[], extras: CommandExtras = {}, result?: () => T): Promise<T> {
    return this.run((engine, now) => dispatchAll(engine, command, now), extras, result);
  }

  /** Runs one step on the core (commands sent as data, see `dispatch`) once routing takes commands. */
  private run<T = void>(command: (engine: RoutingEngine, now: number) => RoutingEvent[], extras: CommandExtras = {}, result?: () => T): Promise<T> {
    if (this.stopped) return Promise.reject(routingErrors.stopping());
    // While the core is rebuilt no command runs on it: one that ran on the old core would be journaled with records
    // of the new one, which never saw it. It waits for the rebuilt core (in arrival order), or is refused.
    if (this.state === 'recovering' && this.recovery) return this.afterRecovery().then(() => this.run(command, extras, result));
    if (this.state !== 'active') return Promise.reject(this.refusal());
    return this.execute(command, extras, result);
  }

  /**
   * Settles when a rebuild or takeover under way has ended: routing active again (the services that follow it have
   * reloaded by then), standing by, or without its database. At once when none is under way.
   */
  recovered(): Promise<void> {
    return this.recovery ?? Promise.resolve();
  }

  /** Settles when routing has recovered (or stood by, or found the database out of reach); refuses after RECOVERY_WAIT_MS. */
  private afterRecovery(): Promise<void> {
    const recovery = this.recovery ?? Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(routingErrors.databaseUnavailable()), RECOVERY_WAIT_MS);
      void recovery.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Runs a command on the core as it is now and adds its changes to the open batch. */
  private execute<T = void>(command: (engine: RoutingEngine, now: number) => RoutingEvent[], extras: CommandExtras = {}, result?: () => T): Promise<T> {
    let events: RoutingEvent[];
    try {
      events = command(this.engine, this.now());
    } catch (error) {
      if (error instanceof RoutingError) return Promise.reject(toDomainError(error));
      return Promise.reject(error);
    }
    const value = result?.() as T;
    const batch = this.open;
    addToBatch(batch, events, extras);
    const committed = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    this.scheduleFlush();
    return committed.then(() => value);
  }

  /** Resolves when everything run so far is committed. */
  async settled(): Promise<void> {
    while (this.recovery || this.flushing || this.open.waiters.length > 0) {
      if (this.recovery && !this.flushing) {
        await this.recovery;
        continue;
      }
      this.scheduleFlush();
      await this.flushing;
    }
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flushLoop())
      .finally(() => {
        this.flushing = null;
        // Commands queued by the continuations of the last commit arrive after the loop looked.
        if (this.open.waiters.length > 0) this.scheduleFlush();
        else this.scheduleTimer();
      });
  }

  private async flushLoop(): Promise<void> {
    let pending = this.open.waiters.length > 0 ? this.startWrite() : null;
    while (pending) {
      const { batch, written, agents, contacts, alerts } = pending;
      try {
        await written;
      } catch (error) {
        this.failedCommits += 1;
        await this.recover(`a commit failed: ${error instanceof Error ? error.message : String(error)}`, batch);
        pending = this.open.waiters.length > 0 ? this.startWrite() : null;
        continue;
      }
      this.failedCommits = 0;
      for (const waiter of batch.waiters) waiter.resolve();
      // The next commit is sent before this one is announced, so the listeners' work overlaps PostgreSQL's.
      pending = this.open.waiters.length > 0 ? this.startWrite() : null;
      if (batch.events.length > 0) {
        const committed: RoutingCommitted = {
          events: batch.events,
          agentIds: [...batch.agentIds],
          contactIds: [...batch.contactIds],
          agents,
          contacts,
          arrivals: batch.arrivals,
          alerts,
        };
        this.events.emit(ROUTING_COMMITTED, committed);
      }
    }
  }

  /** Cuts the open batch and sends it to the journal; every record is read now, synchronously, as the batch left it. */
  private startWrite(): { batch: OpenBatch; written: Promise<void>; agents: AgentView[]; contacts: ContactView[]; alerts: StoredAlert[] } {
    const batch = this.open;
    this.open = emptyBatch();
    const alerts = routingAlerts(batch.events, (agentId) => this.configuration.agentName(agentId));
    const journal: JournalBatch = {
      arrivals: batch.arrivals,
      events: batch.events,
      contacts: new Map([...batch.contactIds].map((id) => [id, this.engine.contactRecordOf(id) ?? null])),
      agents: new Map(
        [...batch.agentIds].flatMap((id) => {
          const record = this.engine.agentRecordOf(id);
          return record ? [[id, record] as const] : [];
        }),
      ),
      dispositions: batch.dispositions,
      audits: batch.audits,
      alerts,
      engine: this.engine.engineRecord(),
    };
    const agents = [...batch.agentIds].flatMap((id) => this.engine.getAgent(id) ?? []);
    const contacts = [...batch.contactIds].flatMap((id) => this.engine.getContact(id) ?? []);
    return { batch, written: this.journal.write(journal), agents, contacts, alerts };
  }

  private async announceRebuilt(reason: RoutingRebuilt['reason']): Promise<void> {
    const rebuilt: RoutingRebuilt = { at: this.now(), reason };
    await this.events.emitAsync(ROUTING_REBUILT, rebuilt).catch((error) => this.logger.error(`reload after the rebuild failed: ${error instanceof Error ? error.stack : String(error)}`));
  }

  /** Stops the core's timer: routing stopped, and the core it was set for is being replaced. */
  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDueAt = null;
  }

  /** One timer for the core's next due moment (offer expiry, wrap-up end, relaxation, overflow...). */
  private scheduleTimer(): void {
    if (this.stopped) return;
    const dueAt = this.engine.nextDueAt();
    if (dueAt === null) return;
    if (this.timer && this.timerDueAt !== null && this.timerDueAt <= dueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDueAt = null;
      this.dispatch({ type: 'tick' }).catch((error) => this.logger.error(error));
    }, Math.max(0, Math.min(dueAt - this.now(), 2_147_000_000)));
    this.timer.unref();
  }
}

/** A contact record with its ringing offer closed: the contact waits again. */
function withdrawRingingOffer(record: ContactRecord): ContactRecord {
  if (record.status !== 'offered') return record;
  return { ...record, status: 'waiting', agentId: null, offer: null };
}

/** A command, or several run in turn with their events in order: a refusal of any one refuses the step. */
function dispatchAll(engine: RoutingEngine, command: RoutingCommand | readonly RoutingCommand[], now: number): RoutingEvent[] {
  if (!isCommandList(command)) return engine.dispatch(command, now);
  const events: RoutingEvent[] = [];
  for (const one of command) events.push(...engine.dispatch(one, now));
  return events;
}

function isCommandList(command: RoutingCommand | readonly RoutingCommand[]): command is readonly RoutingCommand[] {
  return Array.isArray(command);
}
