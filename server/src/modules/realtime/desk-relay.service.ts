import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { RealtimeAck } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { PresenceService } from '../agents';
import { ROUTER_TOOK_OVER, RoutingService } from '../routing';
import { ClusterLink } from './cluster-link';
import type { RealtimeSocket, SocketData } from './realtime.service';
import { RealtimeService } from './realtime.service';

/** The console commands a relayed desk sends to the routing process, and the gateway handler of each. */
export const RELAYED_COMMANDS = {
  'agent:heartbeat': 'heartbeat',
  'agent:state': 'changeState',
  'offer:accept': 'accept',
  'offer:reject': 'reject',
  'contact:end': 'end',
  'wrapup:finish': 'finishWrapUp',
  'alert:acknowledge': 'acknowledgeAlert',
  sync: 'sync',
} as const;
type RelayedCommand = keyof typeof RELAYED_COMMANDS;

/** What the routing process's gateway does for a relayed desk, as for one of its own sockets. */
export interface DeskGateway {
  handleConnection(socket: RealtimeSocket): Promise<void>;
  handleDisconnect(socket: RealtimeSocket): void;
  command(event: RelayedCommand, socket: RealtimeSocket, payload: unknown): Promise<RealtimeAck<unknown>>;
}

/** A desk's first message (its snapshot) must come within this, or the console is closed to connect again. */
const FIRST_MESSAGE_MS = 15_000;
/** A command relayed to the routing process waits this long for its acknowledgement. */
const COMMAND_TIMEOUT_MS = 30_000;
/** How often the desks' signs of life (any packet) are sent to the routing process, with the process's own. */
const ALIVE_EVERY_MS = 1_000;
/** A relaying process not heard from for this long is gone: its desks are closed at the routing process. */
const NODE_SILENT_MS = 10_000;

const OPEN = 'desk:open';
const COMMAND = 'desk:command';
const ALIVE = 'desk:alive';
const CLOSE = 'desk:close';
const ROUTER_CHANGED = 'desk:router-changed';
const outOf = (nodeId: string) => `desk:out:${nodeId}`;

/** To a relaying process: an event for a socket, its close, or a command's acknowledgement. */
type Outgoing = { k: 'e'; s: string; e: string; d: unknown } | { k: 'x'; s: string } | { k: 'a'; s: string; c: number; a: RealtimeAck<unknown> };

/**
 * The routing process's stand-in for a console socket held by another process: rooms, sequence numbers, snapshots
 * and deltas are kept here exactly as for a socket of its own; what is emitted to it goes, in order, to the process
 * that holds the socket.
 */
class RelayedDesk {
  readonly rooms = new Set<string>();
  connected = true;
  /** socket.io's per-packet hook: the relaying process sends the desk's signs of life instead. */
  readonly conn = { on: () => undefined };

  constructor(
    private readonly relay: DeskRelay,
    private readonly realtime: RealtimeService,
    readonly node: string,
    readonly id: string,
    readonly data: SocketData,
  ) {}

  join(rooms: string | string[]): void {
    const list = typeof rooms === 'string' ? [rooms] : rooms;
    for (const room of list) this.rooms.add(room);
    this.realtime.joinRelayed(this as unknown as RealtimeSocket, list);
  }

  leave(room: string): void {
    this.rooms.delete(room);
    this.realtime.leaveRelayed(this as unknown as RealtimeSocket, room);
  }

  emit(event: string, data: unknown): boolean {
    if (!this.connected) return false;
    this.relay.send(this.node, { k: 'e', s: this.id, e: event, d: data });
    return true;
  }

  disconnect(): this {
    if (!this.connected) return this;
    this.relay.send(this.node, { k: 'x', s: this.id });
    this.relay.forget(this);
    return this;
  }
}

interface HeldDesk {
  socket: RealtimeSocket;
  firstMessage: NodeJS.Timeout | null;
}

/**
 * Consoles on every process, when several run on one database (REDIS_URL). A process that does not route holds its
 * consoles' sockets and relays them, through Redis, to the process that routes: the desk's opening (after the sign-in
 * was checked here), its commands and their acknowledgements, its signs of life (for presence), and its close. The
 * routing process serves each relayed desk as one of its own sockets (a `RelayedDesk`): the same snapshot, rooms and
 * deltas with the connection's own sequence numbers, sent back in order (one Redis connection publishes them) and
 * emitted as they are. So a desk sees one stream, whichever process holds its socket; a gap or a new epoch still
 * makes the console ask for a snapshot. When another process takes routing over, every relayed desk is closed and
 * its console connects again, to be shown the new router's state.
 */
@Injectable()
export class DeskRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Cluster');
  private gateway: DeskGateway | null = null;
  /** Routing process: the desks held elsewhere, by relaying process and socket id. */
  private readonly desks = new Map<string, RelayedDesk>();
  private readonly outgoing = new Map<string, Outgoing[]>();
  /** Routing process: when each relaying process was last heard from. */
  private readonly heardFrom = new Map<string, number>();
  private flushing = false;
  /** Relaying process: its consoles' sockets, the commands awaiting their acknowledgement, the agents seen. */
  private readonly held = new Map<string, HeldDesk>();
  private readonly pending = new Map<number, { ack: (result: RealtimeAck<unknown>) => void; timer: NodeJS.Timeout }>();
  private readonly alive = new Set<string>();
  private nextCommand = 1;
  private aliveTimer: NodeJS.Timeout | null = null;
  private readonly tookOver = () => {
    // Desks relayed here by this process itself, and by the others, follow the new router from scratch.
    this.closeHeld();
    void this.link.publish(ROUTER_CHANGED, this.link.nodeId);
  };

  constructor(
    private readonly link: ClusterLink,
    private readonly routing: RoutingService,
    private readonly realtime: RealtimeService,
    private readonly presence: PresenceService,
    private readonly events: EventEmitter2,
  ) {}

  get enabled(): boolean {
    return this.link.enabled;
  }

  /** Whether a console connecting now is relayed to the routing process (this one does not route). */
  relays(): boolean {
    return this.link.enabled && this.routing.routerState === 'standby';
  }

  serveWith(gateway: DeskGateway): void {
    this.gateway = gateway;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.link.enabled) return;
    this.events.on(ROUTER_TOOK_OVER, this.tookOver);
    const routes = () => this.routing.routerState === 'active' || this.routing.routerState === 'recovering';
    await this.link.subscribe(OPEN, (message) => routes() && this.opened(message));
    await this.link.subscribe(COMMAND, (message) => routes() && this.commanded(message));
    await this.link.subscribe(ALIVE, (message) => routes() && this.seen(message));
    await this.link.subscribe(CLOSE, (message) => routes() && this.closed(message));
    await this.link.subscribe(outOf(this.link.nodeId), (message) => this.delivered(message));
    await this.link.subscribe(ROUTER_CHANGED, (node) => node !== this.link.nodeId && this.closeHeld());
    this.aliveTimer = setInterval(() => this.sendAlive(), ALIVE_EVERY_MS);
    this.aliveTimer.unref();
  }

  onApplicationShutdown(): void {
    this.events.off(ROUTER_TOOK_OVER, this.tookOver);
    if (this.aliveTimer) clearInterval(this.aliveTimer);
    for (const { timer } of this.pending.values()) clearTimeout(timer);
  }

  // ---------------------------------------------------------------------------------------------------------
  // The process that holds the socket
  // ---------------------------------------------------------------------------------------------------------

  /** A console signed in here while another process routes: its desk is opened there. */
  open(socket: RealtimeSocket): void {
    const user = socket.data.user;
    const firstMessage = setTimeout(() => socket.disconnect(true), FIRST_MESSAGE_MS);
    firstMessage.unref();
    this.held.set(socket.id, { socket, firstMessage });
    socket.data.relayed = true;
    socket.use(([event, ...args], next) => {
      if (!(event in RELAYED_COMMANDS)) return next();
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (result: RealtimeAck<unknown>) => void) : () => undefined;
      this.relayCommand(socket, event as RelayedCommand, args[0], ack);
    });
    if (user.roles.includes('agent')) socket.conn.on('packet', () => this.alive.add(user.id));
    void this.link.publish(OPEN, JSON.stringify({ n: this.link.nodeId, s: socket.id, u: user, sid: socket.data.sessionId }));
  }

  /** The console's socket closed here. */
  close(socket: RealtimeSocket): void {
    const held = this.held.get(socket.id);
    if (!held) return;
    if (held.firstMessage) clearTimeout(held.firstMessage);
    this.held.delete(socket.id);
    void this.link.publish(CLOSE, JSON.stringify({ n: this.link.nodeId, s: socket.id }));
  }

  private relayCommand(socket: RealtimeSocket, event: RelayedCommand, payload: unknown, ack: (result: RealtimeAck<unknown>) => void): void {
    const id = this.nextCommand++;
    const timer = setTimeout(() => {
      this.pending.delete(id);
      ack({ ok: false, error: { code: 'ROUTER_NO_ANSWER', message: 'The routing server did not answer in time; the command may have been carried out' } } as RealtimeAck<unknown>);
    }, COMMAND_TIMEOUT_MS);
    timer.unref();
    this.pending.set(id, { ack, timer });
    void this.link.publish(COMMAND, JSON.stringify({ n: this.link.nodeId, s: socket.id, c: id, e: event, p: payload ?? null }));
  }

  /** What the routing process sends this process's consoles, in order. */
  private delivered(message: string): void {
    for (const out of JSON.parse(message) as Outgoing[]) {
      if (out.k === 'a') {
        const pending = this.pending.get(out.c);
        if (!pending) continue;
        clearTimeout(pending.timer);
        this.pending.delete(out.c);
        pending.ack(out.a);
        continue;
      }
      const held = this.held.get(out.s);
      if (!held) continue;
      if (held.firstMessage) {
        clearTimeout(held.firstMessage);
        held.firstMessage = null;
      }
      if (out.k === 'x') held.socket.disconnect(true);
      else (held.socket.emit as (event: string, data: unknown) => boolean)(out.e, out.d);
    }
  }

  /** Every second, while this process holds desks: the agents whose desks sent anything, and that it lives. */
  private sendAlive(): void {
    if (this.held.size > 0) {
      const agents = [...this.alive];
      this.alive.clear();
      void this.link.publish(ALIVE, JSON.stringify({ n: this.link.nodeId, a: agents }));
    }
    this.closeDesksOfSilentNodes();
  }

  /** Routing process: the desks of a process that died (no close came for them) are closed here. */
  private closeDesksOfSilentNodes(): void {
    const now = Date.now();
    for (const desk of [...this.desks.values()]) {
      if (now - (this.heardFrom.get(desk.node) ?? now) > NODE_SILENT_MS) this.forget(desk);
    }
    for (const [node, at] of this.heardFrom) if (now - at > NODE_SILENT_MS) this.heardFrom.delete(node);
  }

  /** Another process routes now: every console held here connects again. */
  private closeHeld(): void {
    for (const { socket } of [...this.held.values()]) socket.disconnect(true);
  }

  // ---------------------------------------------------------------------------------------------------------
  // The routing process
  // ---------------------------------------------------------------------------------------------------------

  private opened(message: string): void {
    const { n, s, u, sid } = JSON.parse(message) as { n: string; s: string; u: AuthenticatedUser; sid: string | null };
    const data: SocketData = { user: u, sessionId: sid, seq: 0, ready: false, tokens: 30, tokensAt: Date.now() };
    const desk = new RelayedDesk(this, this.realtime, n, s, data);
    this.desks.set(`${n}/${s}`, desk);
    this.heardFrom.set(n, Date.now());
    const socket = desk as unknown as RealtimeSocket;
    this.realtime.track(socket);
    void this.gateway?.handleConnection(socket).catch((error: unknown) => this.logger.warn(`a relayed desk was not admitted: ${error instanceof Error ? error.message : String(error)}`));
  }

  private commanded(message: string): void {
    const { n, s, c, e, p } = JSON.parse(message) as { n: string; s: string; c: number; e: RelayedCommand; p: unknown };
    const desk = this.desks.get(`${n}/${s}`);
    const answer = (ack: RealtimeAck<unknown>) => this.send(n, { k: 'a', s, c, a: ack });
    if (!desk || !this.gateway || !(e in RELAYED_COMMANDS)) {
      answer({ ok: false, error: { code: 'ROUTER_STANDBY', message: 'This desk is not open at the routing server; connect again' } } as RealtimeAck<unknown>);
      return;
    }
    this.gateway.command(e, desk as unknown as RealtimeSocket, p).then(answer, (error: unknown) =>
      answer({ ok: false, error: { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : 'command failed' } } as RealtimeAck<unknown>),
    );
  }

  private seen(message: string): void {
    const { n, a } = JSON.parse(message) as { n: string; a: string[] };
    this.heardFrom.set(n, Date.now());
    for (const agentId of a) this.presence.packet(agentId);
  }

  private closed(message: string): void {
    const { n, s } = JSON.parse(message) as { n: string; s: string };
    const desk = this.desks.get(`${n}/${s}`);
    if (desk) this.forget(desk);
  }

  /** The desk is closed: out of its rooms, and gone as a socket of its user. */
  forget(desk: RelayedDesk): void {
    if (!this.desks.delete(`${desk.node}/${desk.id}`)) return;
    desk.connected = false;
    const socket = desk as unknown as RealtimeSocket;
    this.realtime.leaveRelayed(socket);
    this.gateway?.handleDisconnect(socket);
  }

  /** Queues a message to a relaying process; what is queued in one turn of the event loop goes as one, in order. */
  send(node: string, message: Outgoing): void {
    const queue = this.outgoing.get(node);
    if (queue) queue.push(message);
    else this.outgoing.set(node, [message]);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      for (const [to, messages] of this.outgoing) void this.link.publish(outOf(to), JSON.stringify(messages));
      this.outgoing.clear();
    });
  }
}
