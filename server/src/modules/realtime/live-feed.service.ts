import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  FIGURE_DEFINITIONS,
  type LiveContact,
  type RealtimeConnectError,
  type RealtimeSnapshot,
  type Role,
  type RoutingAwayNotice,
  type WallboardContactDelta,
} from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { ROUTER_TOOK_OVER, ROUTING_COMMITTED, ROUTING_REBUILT, ROUTING_RECONFIGURED, RoutingCommitted, RoutingRebuilt, RoutingService, type RouterState } from '../routing';
import { TEAMS_CHANGED } from '../auth';
import { STATISTICS_QUEUES_CHANGED, StatisticsService } from '../statistics';
import { contactReaderOf } from '../../common/auth/contact-access.sql';
import { liveContactFor, seesCustomerOf, withoutCustomer, type TeamLeadOf } from './live-contact-visibility';
import { LiveAlertsService } from './live-alerts.service';
import { CommittedBatch, NO_DETAILS, RealtimeProjection } from './realtime-projection';
import { pickCaller, RealtimeRepository } from './realtime.repository';
import { queueIdsOfRooms, queueRoom, roomsFor, seesWallboard, WALLBOARD_ROOMS } from './realtime.rooms';
import { RealtimeService, RealtimeSocket } from './realtime.service';

/** Queue statistics are pushed at most this often per queue, when something changed. */
/** Rebuilds in a row a snapshot waits through before it is sent with what routing has then. */
const MAX_RECOVERY_TURNS = 3;
const STATS_PUSH_INTERVAL_MS = 1_000;
/** Queues with waiting contacts are pushed this often anyway, so the longest wait keeps moving. */
const STATS_WAITING_REFRESH_MS = 5_000;
/** Every queue is pushed this often, as its rolling window moves on. */
const STATS_FULL_REFRESH_MS = 60_000;

/**
 * Turns committed routing batches into deltas and answers snapshots. Listens to ROUTING_COMMITTED from its
 * constructor (so nothing committed during start-up is missed), captures the views the batch carries, and
 * handles batches strictly one after another: load what the views lack (customer names, who an agent is),
 * then in one synchronous step apply the batch to the projection and send its deltas. A snapshot is built in
 * one synchronous step too, between two batches, so it is exactly the state after the deltas sent before it.
 *
 * Agents' desktops are in the rooms of the queues they serve (their skills meet the queue's required skills) and
 * get those queues' `queue:stats` as the wallboard does; their snapshot lists the queues whose rooms they are in.
 * When an agent's skills or a queue's requirements change, the desktops concerned move rooms and get a fresh
 * snapshot.
 *
 * Snapshots also list the alerts addressed to their viewer (LiveAlertsService, loaded from the database at start).
 *
 * Every wallboard lists every live contact, but a contact's customer (who they are, what they asked about) only
 * where its viewer may read that contact (live-contact-visibility.ts): supervisors everywhere, team leads on their
 * team's contacts, administrators nowhere. Snapshots are shaped per socket; a contact's delta is shaped at most once,
 * and each wallboard socket is sent the whole or the shaped version.
 *
 * When this instance takes routing over from another (ROUTER_TOOK_OVER, before it routes anything), the
 * projection is loaded again from the rebuilt core, the alerts from the database, a new epoch starts, and every
 * open socket is sent a fresh snapshot: what they were shown came from the other instance, or from this one's
 * empty standby core. The same happens when routing rebuilt its core after a failed commit (ROUTING_REBUILT):
 * offers that rang were withdrawn and changes not saved are gone, so the batches still queued here from before the
 * rebuild are dropped and every console starts again from the rebuilt core. When this instance stopped routing
 * (another one took the lock, or the database cannot be reached; its core is empty), its consoles are told why
 * (`routing:away`) and disconnected instead: they reconnect, through the load balancer, to the instance that routes
 * now, where their agents must be heard, or here once the database is back.
 */
@Injectable()
export class LiveFeedService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private readonly projection: RealtimeProjection;
  private chain: Promise<void> = Promise.resolve();
  private started = false;
  private loaded: Promise<void>;
  private markLoaded: () => void = () => undefined;
  /** Counts reloads; a batch committed before the latest one is already in the core the projection was reset from. */
  private generation = 0;
  private readonly dirtyQueues = new Set<string>();
  private statsTimer: NodeJS.Timeout | null = null;
  private lastWaitingRefresh = 0;
  private lastFullRefresh = 0;
  readonly heartbeatIntervalSeconds: number;
  private readonly listener = (committed: RoutingCommitted) => this.onCommitted(committed);
  private readonly tookOver = () => this.reload();
  private readonly rebuilt = (rebuilt: RoutingRebuilt) => {
    const away = awayReasonOf(rebuilt.reason);
    return away ? this.sendAway(away) : this.reload();
  };
  private readonly reconfigured = () => {
    // New profiles are in the views at once (offline), so a snapshot sent right after the change lists them.
    const added = this.addNewProfiles();
    void this.enqueue(async () => this.takeProfiles(added));
  };
  private readonly queuesChanged = () => void this.enqueue(async () => this.moveQueueRooms(this.realtime.readySockets()));
  /** Teams changed: every agent's team (name and lead) read again, a wallboard delta for each agent whose team changed. */
  private readonly teamsChanged = () =>
    void this.enqueue(async () => {
      for (const [id, person] of await this.repository.people()) {
        const agent = this.projection.agent(id);
        if (!this.projection.setPerson(id, person) || !agent) continue;
        this.realtime.toWallboard('agent:update', { agent: this.projection.wallboardAgent(agent) });
      }
    });
  private readonly teamLeadOf: TeamLeadOf = (agentId) => this.projection.teamLeadOf(agentId);

  constructor(
    private readonly routing: RoutingService,
    private readonly statistics: StatisticsService,
    private readonly realtime: RealtimeService,
    private readonly alerts: LiveAlertsService,
    private readonly repository: RealtimeRepository,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.projection = new RealtimeProjection((queueId) => this.statistics.queueName(queueId) ?? queueId);
    this.heartbeatIntervalSeconds = Math.max(1, Math.floor(config.HEARTBEAT_TIMEOUT_SECONDS / 3));
    this.loaded = this.loading();
    this.events.on(ROUTING_COMMITTED, this.listener);
    this.events.on(ROUTER_TOOK_OVER, this.tookOver);
    this.events.on(ROUTING_REBUILT, this.rebuilt);
    this.events.on(ROUTING_RECONFIGURED, this.reconfigured);
    this.events.on(STATISTICS_QUEUES_CHANGED, this.queuesChanged);
    this.events.on(TEAMS_CHANGED, this.teamsChanged);
  }

  /** Resolves once the projection holds routing's state and the details of its contacts. */
  get ready(): Promise<void> {
    return this.loaded;
  }

  /**
   * Resolves once the projection holds routing's current state: while routing is rebuilt or taken over, what the
   * projection holds is what is being replaced (after a takeover, the empty view of an instance that stood by), so
   * a snapshot waits for the rebuild and the reload it announces. A few turns at most: a rebuild that keeps failing
   * ends standing by or without its database, which the caller sends away.
   */
  async current(): Promise<void> {
    await this.loaded;
    for (let turn = 0; turn < MAX_RECOVERY_TURNS && this.routing.routerState === 'recovering'; turn += 1) {
      await this.routing.recovered();
      await this.loaded;
    }
  }

  /** Routing has restored its core by now (its module bootstraps first): take its state as the starting point. */
  async onApplicationBootstrap(): Promise<void> {
    await this.routing.settled();
    void this.loadFromCore();
    this.enqueue(async () => {
      // Should the alerts not be readable, consoles still get their snapshots, without the alerts raised earlier.
      await this.alerts.load().catch((error) => this.logger.error(`alerts not loaded: ${error instanceof Error ? error.message : String(error)}`));
      this.markLoaded();
    });
    this.started = true;
    this.statsTimer = setInterval(() => this.pushQueueStatistics(), STATS_PUSH_INTERVAL_MS);
    this.statsTimer.unref();
  }

  onModuleDestroy(): void {
    this.events.off(ROUTING_COMMITTED, this.listener);
    this.events.off(ROUTER_TOOK_OVER, this.tookOver);
    this.events.off(ROUTING_REBUILT, this.rebuilt);
    this.events.off(ROUTING_RECONFIGURED, this.reconfigured);
    this.events.off(STATISTICS_QUEUES_CHANGED, this.queuesChanged);
    this.events.off(TEAMS_CHANGED, this.teamsChanged);
    if (this.statsTimer) clearInterval(this.statsTimer);
  }

  /**
   * A new `ready` promise: connections and syncs wait for it before they are sent a snapshot. A load that starts
   * while another is under way takes over its waiters: they are let in when the latest load is done.
   */
  private loading(): Promise<void> {
    const earlier = this.markLoaded;
    return new Promise<void>((resolve) => {
      this.markLoaded = () => {
        this.markLoaded = () => undefined;
        earlier();
        resolve();
      };
    });
  }

  /** Replaces the projection with the core's state now, then (in turn with the batches) reads what the views lack. */
  private loadFromCore(): Promise<void> {
    const core = this.routing.core;
    this.projection.reset(
      core.agentIds().flatMap((id) => core.getAgent(id) ?? []),
      core.contactIds().flatMap((id) => core.getContact(id) ?? []),
    );
    const contactIds = this.projection.contactIds();
    return this.enqueue(async () => {
      const [people, details] = await Promise.all([this.repository.people(), this.repository.contactDetails(contactIds)]);
      for (const [id, person] of people) this.projection.setPerson(id, person);
      for (const [id, detail] of details) this.projection.setDetails(id, detail);
    });
  }

  /**
   * Routing's core was replaced: taken over from another instance (nothing is routed until this resolves), or
   * rebuilt after a failed commit. The projection is reset from the core at once, in the same synchronous step as
   * the event, so the batches queued from before are dropped; then the details, the statistics (snapshots carry
   * queue figures) and the alerts are read, a new epoch starts, and every open socket is sent a fresh snapshot in
   * one synchronous step.
   */
  private async reload(): Promise<void> {
    if (!this.started) return; // still starting: the start-up load reads the rebuilt core
    const generation = (this.generation += 1);
    this.loaded = this.loading();
    await this.loadFromCore();
    await Promise.all([this.statistics.ready.catch(() => undefined), this.alerts.load().catch((error) => this.logger.error(`alerts not reloaded: ${error instanceof Error ? error.message : String(error)}`))]);
    await this.enqueue(async () => {
      if (generation !== this.generation) return; // a later reload finishes the job
      this.realtime.renewEpoch();
      this.moveQueueRooms(this.realtime.readySockets(), { snapshot: 'always' });
      this.lastFullRefresh = 0;
      this.markLoaded();
    });
  }

  /**
   * This instance stopped routing: another instance routes (`standby`) or the database cannot be reached. What the
   * consoles were shown may not hold any more and no snapshot could be built from committed state, so each is told
   * why and closed: it connects again, to the instance that routes or once the database is back. The projection is
   * emptied with the core, and a new epoch starts.
   */
  private async sendAway(reason: AwayReason): Promise<void> {
    if (!this.started) return;
    this.generation += 1;
    this.projection.reset([], []);
    this.realtime.renewEpoch();
    for (const socket of this.realtime.allSockets()) closeAway(socket, reason);
  }

  /** Puts a new socket in its rooms and sends its snapshot, in one synchronous step: no delta slips in between. */
  admit(socket: RealtimeSocket): RealtimeSnapshot {
    const user = socket.data.user;
    socket.join([...roomsFor(user), ...this.queueRoomsOf(user)]);
    return this.sendSnapshot(socket);
  }

  /** The rooms of the queues an agent serves, from their skills as the projection holds them. */
  private queueRoomsOf(user: { id: string; roles: readonly Role[] }): string[] {
    const agent = user.roles.includes('agent') ? this.projection.agent(user.id) : null;
    return agent ? this.statistics.queuesServedBy(agent).map(queueRoom) : [];
  }

  /**
   * Moves each socket to the rooms of the queues its agent serves now; a socket whose rooms changed (or every
   * socket, with `snapshot: 'always'`) is sent a fresh snapshot, which lists its queues anew.
   */
  private moveQueueRooms(sockets: Iterable<RealtimeSocket>, { snapshot }: { snapshot: 'always' | 'if_moved' } = { snapshot: 'if_moved' }): void {
    for (const socket of sockets) {
      if (!socket.connected || !socket.data.ready) continue; // not admitted yet: it joins its rooms then
      const wanted = new Set(this.queueRoomsOf(socket.data.user));
      const left = queueIdsOfRooms(socket.rooms).map(queueRoom).filter((room) => !wanted.has(room));
      const joined = [...wanted].filter((room) => !socket.rooms.has(room));
      for (const room of left) socket.leave(room);
      if (joined.length > 0) socket.join(joined);
      if (snapshot === 'always' || left.length > 0 || joined.length > 0) this.sendSnapshot(socket);
    }
  }

  /**
   * Agents routing knows and the views do not (a profile just created through the API): added as the core holds
   * them, offline. A profile raises no routing event, so no batch would bring them before their first state change.
   */
  private addNewProfiles(): string[] {
    const core = this.routing.core;
    return core.agentIds().filter((agentId) => {
      const agent = core.getAgent(agentId);
      return agent !== undefined && this.projection.addAgent(agent);
    });
  }

  /**
   * After a reconfiguration: who the new agents are, then their views to their desks and the wallboards; the other
   * agents' new skills, languages and capacity from the core, their deltas, and everyone's queue rooms.
   */
  private async takeProfiles(added: readonly string[]): Promise<void> {
    const core = this.routing.core;
    const unknown = added.filter((agentId) => !this.projection.hasPerson(agentId));
    if (unknown.length > 0) for (const [id, person] of await this.repository.people(unknown)) this.projection.setPerson(id, person);
    const changed: string[] = [];
    for (const agentId of added) {
      const agent = this.projection.agent(agentId);
      if (!agent) continue; // reset since, by a reload that sent its own snapshots
      changed.push(agentId);
      this.realtime.toAgent(agentId, 'agent:state', { agent });
      this.realtime.toWallboard('agent:update', { agent: this.projection.wallboardAgent(agent) });
    }
    for (const agentId of this.projection.agentIds()) {
      const profile = core.getAgent(agentId);
      const updated = profile ? this.projection.updateProfile(agentId, profile) : null;
      if (!updated) continue;
      changed.push(agentId);
      this.realtime.toAgent(agentId, 'agent:state', { agent: updated });
      this.realtime.toWallboard('agent:update', { agent: this.projection.wallboardAgent(updated) });
    }
    for (const agentId of changed) this.moveQueueRooms(this.realtime.socketsOfUser(agentId));
  }

  /**
   * Sends the socket's snapshot: its desk if an agent, the wallboard if a supervisor, team lead or administrator,
   * and the alerts addressed to its user.
   */
  sendSnapshot(socket: RealtimeSocket): RealtimeSnapshot {
    const user = socket.data.user;
    const now = this.routing.now();
    const isAgent = user.roles.includes('agent');
    return this.realtime.sendSnapshot(
      socket,
      {
        me: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles },
        desk: isAgent
          ? {
              agent: this.projection.agent(user.id),
              contacts: this.projection.deskContacts(user.id, now),
              offer: this.projection.ringingOffer(user.id, now),
              heartbeatIntervalSeconds: this.heartbeatIntervalSeconds,
              queues: this.statistics.live(now, this.servedQueueIds(socket)),
            }
          : null,
        wallboard: seesWallboard(user)
          ? {
              agents: this.projection.wallboardAgents(),
              contacts: this.wallboardContacts(user, now),
              queues: this.statistics.live(now),
              definitions: FIGURE_DEFINITIONS,
              timeZone: this.statistics.timeZone,
              rollingMinutes: this.statistics.rollingMinutes,
            }
          : null,
        alerts: this.alerts.visibleTo(user),
      },
      now,
    );
  }

  private onCommitted(committed: RoutingCommitted): void {
    if (!this.started) return; // the start-up state read from the core already holds it
    // New interactions come with what the live views show of them, so they are not read back.
    for (const arrival of committed.arrivals) {
      this.projection.setDetails(arrival.id, {
        ...NO_DETAILS,
        customerId: arrival.customerId,
        customerName: arrival.customerName,
        caller: pickCaller(arrival.caller),
        subject: arrival.subject,
      });
    }
    const batch: CommittedBatch = {
      events: committed.events,
      contactIds: committed.contactIds,
      // The views as committed (read with the journal records), never the core's later state.
      agents: committed.agents,
      contacts: committed.contacts,
    };
    const generation = this.generation;
    this.enqueue(async () => {
      if (generation === this.generation) await this.process(batch);
    });
  }

  private async process(batch: CommittedBatch): Promise<void> {
    const newContacts = batch.contacts.filter((contact) => !this.projection.hasDetails(contact.id)).map((contact) => contact.id);
    const newPeople = batch.agents.filter((agent) => !this.projection.hasPerson(agent.id)).map((agent) => agent.id);
    const [details, people] = await Promise.all([
      this.repository.contactDetails(newContacts),
      newPeople.length > 0 ? this.repository.people(newPeople) : Promise.resolve(new Map()),
    ]);
    for (const [id, detail] of details) this.projection.setDetails(id, detail);
    for (const [id, person] of people) this.projection.setPerson(id, person);

    const previous = new Map(batch.agents.map((agent) => [agent.id, this.projection.agent(agent.id)]));
    for (const outgoing of this.projection.apply(batch, this.routing.now())) {
      if (outgoing.to.kind === 'agent') this.realtime.toAgent(outgoing.to.agentId, outgoing.event, outgoing.data);
      else if (outgoing.event === 'wallboard:contact') this.sendWallboardContact(outgoing.data as WallboardContactDelta);
      else this.realtime.toWallboard(outgoing.event, outgoing.data);
    }
    for (const event of batch.events) {
      const queueId = (event as { queueId?: string }).queueId;
      if (queueId) this.dirtyQueues.add(queueId);
    }
    for (const agent of batch.agents) {
      const before = previous.get(agent.id);
      if (before?.state !== agent.state) for (const queueId of this.statistics.queuesServedBy(agent)) this.dirtyQueues.add(queueId);
      // An agent new to the projection (a new profile) or with other skills serves other queues.
      if (!before || !sameSkills(before.skills, agent.skills)) this.moveQueueRooms(this.realtime.socketsOfUser(agent.id));
    }
  }

  /** Every live contact, as this wallboard viewer may see it. */
  private wallboardContacts(user: AuthenticatedUser, now: number): LiveContact[] {
    const reader = contactReaderOf(user);
    const contacts = this.projection.liveContacts(now);
    return reader.scope === 'all' ? contacts : contacts.map((contact) => liveContactFor(reader, contact, this.teamLeadOf));
  }

  /** A contact's change to every wallboard: whole to those who may see its customer, without the customer to the others. */
  private sendWallboardContact(delta: WallboardContactDelta): void {
    const contact = delta.contact;
    if (!contact) {
      this.realtime.toWallboard('wallboard:contact', delta);
      return;
    }
    let shaped: WallboardContactDelta | null = null;
    this.realtime.toWallboardAsSeenBy('wallboard:contact', (user) =>
      seesCustomerOf(contactReaderOf(user), contact, this.teamLeadOf) ? delta : (shaped ??= { ...delta, contact: withoutCustomer(contact) }),
    );
  }

  /** The queues whose rooms the socket is in, in the wallboard's order. */
  private servedQueueIds(socket: RealtimeSocket): string[] {
    const served = new Set(queueIdsOfRooms(socket.rooms));
    return served.size === 0 ? [] : this.statistics.queueIds().filter((id) => served.has(id));
  }

  /**
   * `queue:stats` to the wallboard and to the desktops in each queue's room: changed queues each second, waiting
   * queues every few seconds, all every minute. Queues nobody watches are skipped.
   */
  private pushQueueStatistics(): void {
    if (!this.started) return;
    const now = this.routing.now();
    const watched = this.realtime.hasAudience(WALLBOARD_ROOMS)
      ? null
      : new Set(this.statistics.queueIds().filter((queueId) => this.realtime.hasAudience([queueRoom(queueId)])));
    if (watched?.size === 0) {
      this.dirtyQueues.clear();
      return;
    }
    const ids = new Set(this.dirtyQueues);
    this.dirtyQueues.clear();
    const refreshWaiting = now - this.lastWaitingRefresh >= STATS_WAITING_REFRESH_MS;
    const refreshAll = now - this.lastFullRefresh >= STATS_FULL_REFRESH_MS;
    if (refreshAll) this.lastFullRefresh = now;
    if (refreshWaiting) this.lastWaitingRefresh = now;
    if (ids.size === 0 && !refreshWaiting && !refreshAll) return;
    try {
      const candidates = (refreshAll || refreshWaiting ? this.statistics.queueIds() : [...ids]).filter((queueId) => !watched || watched.has(queueId));
      for (const queue of this.statistics.live(now, candidates)) {
        if (refreshAll || ids.has(queue.queueId) || queue.waitingCount > 0) this.realtime.toQueueWatchers(queue.queueId, 'queue:stats', { queue });
      }
    } catch (error) {
      this.logger.error(`queue statistics not pushed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Runs a job after every job queued before it; resolves when it is done (failures are logged, not thrown). */
  private enqueue(job: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(job).catch((error) => this.logger.error(`realtime update failed: ${error instanceof Error ? error.stack : String(error)}`));
    return this.chain;
  }
}

/** Same skills at the same proficiencies: checked for every agent of every committed batch, so without serialising. */
function sameSkills(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

type AwayReason = RoutingAwayNotice['reason'];

/** Why a console is not served here, as its handshake is refused; the `routing:away` notice says when to try again the same way. */
export const AWAY_REFUSALS: Record<AwayReason, RealtimeConnectError & { retryAfterSeconds: number }> = {
  standby: { code: 'ROUTER_STANDBY', message: 'Another server instance routes contacts; connect to it', retryAfterSeconds: 1 },
  database_unavailable: { code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be reached; the console connects again by itself', retryAfterSeconds: 2 },
};

/** Why consoles are sent away while routing stands (or was rebuilt) so; null while it routes here. */
export function awayReasonOf(state: RouterState | RoutingRebuilt['reason']): AwayReason | null {
  if (state === 'standby') return 'standby';
  if (state === 'unavailable') return 'database_unavailable';
  return null;
}

/** Tells a console why this instance sends it away, then closes its socket. */
export function closeAway(socket: RealtimeSocket, reason: AwayReason): void {
  if (!socket.connected) return;
  socket.emit('routing:away', { reason, retryAfterSeconds: AWAY_REFUSALS[reason].retryAfterSeconds });
  socket.disconnect(true);
}
