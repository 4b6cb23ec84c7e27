import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  RealtimeDelta,
  RealtimeDeltaEvent,
  RealtimeDeltaMap,
  RealtimeSnapshot,
  Role,
  ServerToClientEvents,
} from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { agentRoom, queueRoom, ROLE_ROOMS, userRoom, WALLBOARD_ROOMS } from './realtime.rooms';

/** What the server keeps on each socket. */
export interface SocketData {
  user: AuthenticatedUser;
  /** The sign-in the socket rides on; re-checked periodically. */
  sessionId: string | null;
  /** Deltas sent on this connection so far (the last delta's seq). */
  seq: number;
  /** True once the first snapshot was sent: deltas go only to ready sockets. */
  ready: boolean;
  /** Command rate limit (token bucket). */
  tokens: number;
  tokensAt: number;
  /** Held here for the routing process, which serves it (DeskRelay). */
  relayed?: boolean;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

type SnapshotBody = Omit<RealtimeSnapshot, 'epoch' | 'seq' | 'serverTime'>;

/**
 * Delivery of deltas to sockets, for this module and any other (complaints push `complaint:update` and
 * `alert` through `toUser` / `toRole`). Each delta is stamped per connection with the process `epoch` and the
 * connection's next `seq`, so every socket sees 1, 2, 3... without gaps whatever rooms the delta went to;
 * a socket in several target rooms gets it once.
 */
@Injectable()
export class RealtimeService {
  private currentEpoch = newEpoch();
  private server: RealtimeServer | null = null;
  private readonly socketsByUser = new Map<string, Set<RealtimeSocket>>();
  /** Rooms of the desks held by other processes and served from here (DeskRelay); socket.io's rooms hold this process's own sockets. */
  private readonly relayedRooms = new Map<string, Set<RealtimeSocket>>();

  /**
   * Random id of the state this process's deltas follow: a client seeing another epoch knows its state is stale.
   * New with each process, and again when the live state was loaded anew (after this instance took routing over).
   */
  get epoch(): string {
    return this.currentEpoch;
  }

  /** Starts a new epoch: deltas from now on follow state the snapshots sent before did not show. */
  renewEpoch(): string {
    this.currentEpoch = newEpoch();
    return this.currentEpoch;
  }

  attach(server: RealtimeServer): void {
    this.server = server;
  }

  /** Counts the socket as one of its user's open sockets. */
  track(socket: RealtimeSocket): void {
    const userId = socket.data.user.id;
    const sockets = this.socketsByUser.get(userId);
    if (sockets) sockets.add(socket);
    else this.socketsByUser.set(userId, new Set([socket]));
  }

  /** Forgets the socket; true when it was its user's last open socket. */
  untrack(socket: RealtimeSocket): boolean {
    const userId = socket.data.user?.id;
    if (!userId) return false;
    const sockets = this.socketsByUser.get(userId);
    if (!sockets?.delete(socket)) return false;
    if (sockets.size > 0) return false;
    this.socketsByUser.delete(userId);
    return true;
  }

  /** Puts a desk held by another process in rooms. */
  joinRelayed(socket: RealtimeSocket, rooms: readonly string[]): void {
    for (const room of rooms) {
      const members = this.relayedRooms.get(room);
      if (members) members.add(socket);
      else this.relayedRooms.set(room, new Set([socket]));
    }
  }

  /** Takes a desk held by another process out of one room, or, without a room, out of every room. */
  leaveRelayed(socket: RealtimeSocket, room?: string): void {
    for (const name of room === undefined ? [...this.relayedRooms.keys()] : [room]) {
      const members = this.relayedRooms.get(name);
      if (!members?.delete(socket)) continue;
      if (members.size === 0) this.relayedRooms.delete(name);
    }
  }

  /** Open sockets of one user. */
  socketsOf(userId: string): number {
    return this.socketsByUser.get(userId)?.size ?? 0;
  }

  /** Every open, authenticated socket. */
  allSockets(): RealtimeSocket[] {
    return [...this.socketsByUser.values()].flatMap((sockets) => [...sockets]);
  }

  toUser<E extends RealtimeDeltaEvent>(userId: string, event: E, data: RealtimeDeltaMap[E]): number {
    return this.toRooms([userRoom(userId)], event, data);
  }

  toRole<E extends RealtimeDeltaEvent>(role: Role, event: E, data: RealtimeDeltaMap[E]): number {
    return this.toRooms([ROLE_ROOMS[role]], event, data);
  }

  toAgent<E extends RealtimeDeltaEvent>(agentId: string, event: E, data: RealtimeDeltaMap[E]): number {
    return this.toRooms([agentRoom(agentId)], event, data);
  }

  /** Supervisors, team leads and administrators. */
  toWallboard<E extends RealtimeDeltaEvent>(event: E, data: RealtimeDeltaMap[E]): number {
    return this.toRooms(WALLBOARD_ROOMS, event, data);
  }

  /** Supervisors, team leads and administrators, and the agents who serve the queue. */
  toQueueWatchers<E extends RealtimeDeltaEvent>(queueId: string, event: E, data: RealtimeDeltaMap[E]): number {
    return this.toRooms([...WALLBOARD_ROOMS, queueRoom(queueId)], event, data);
  }

  /** Open sockets of one user. */
  socketsOfUser(userId: string): RealtimeSocket[] {
    return [...(this.socketsByUser.get(userId) ?? [])];
  }

  /** Whether any ready socket is in one of the rooms; stops at the first one found. */
  hasAudience(rooms: readonly string[]): boolean {
    const server = this.server;
    if (!server) return false;
    for (const room of rooms) {
      for (const id of server.sockets.adapter.rooms.get(room) ?? []) {
        const socket = server.sockets.sockets.get(id);
        if (socket?.connected && socket.data.ready) return true;
      }
      for (const socket of this.relayedRooms.get(room) ?? []) if (socket.connected && socket.data.ready) return true;
    }
    return false;
  }

  /**
   * Supervisors, team leads and administrators, each socket getting the version of the delta its user may see.
   * `dataFor` is asked once per socket: it should hand out versions made once per delta, not make one per socket.
   */
  toWallboardAsSeenBy<E extends RealtimeDeltaEvent>(event: E, dataFor: (user: AuthenticatedUser) => RealtimeDeltaMap[E]): number {
    return this.emit(this.socketsIn(WALLBOARD_ROOMS), event, (socket) => dataFor(socket.data.user));
  }

  /** Sends one delta to every ready socket in any of the rooms, once each; returns how many sockets got it. */
  toRooms<E extends RealtimeDeltaEvent>(rooms: readonly string[], event: E, data: RealtimeDeltaMap[E]): number {
    return this.emit(this.socketsIn(rooms), event, () => data);
  }

  /**
   * Each socket's delta differs only in its sequence number, so the packet is encoded once per version of the data
   * and each socket gets that text with its own number put in: a delta to thousands of desks is not serialised (nor
   * walked for binary parts) thousands of times. The text is exactly what socket.io's own encoder writes for
   * `socket.emit(event, delta)` on the default namespace; desks held by another process (DeskRelay) are sent the
   * object as before.
   */
  private emit<E extends RealtimeDeltaEvent>(sockets: readonly RealtimeSocket[], event: E, dataFor: (socket: RealtimeSocket) => RealtimeDeltaMap[E]): number {
    const at = Date.now();
    const head = `${EVENT_PACKET}[${JSON.stringify(event)},{"epoch":${JSON.stringify(this.epoch)},"seq":`;
    const tails = new Map<unknown, string>();
    for (const socket of sockets) {
      socket.data.seq += 1;
      const data = dataFor(socket);
      const client = preEncodedWriter(socket);
      if (client && data !== undefined) {
        let tail = tails.get(data);
        if (tail === undefined) {
          tail = `,"at":${at},"data":${JSON.stringify(data)}}]`;
          tails.set(data, tail);
        }
        client._packet([head + socket.data.seq + tail] as never, { preEncoded: true, compress: true });
        continue;
      }
      const delta: RealtimeDelta<E> = { epoch: this.epoch, seq: socket.data.seq, at, data };
      (socket.emit as (event: string, delta: unknown) => boolean)(event, delta);
    }
    return sockets.length;
  }

  /** Sends a snapshot stamped with the connection's current seq; from now on the socket gets deltas. */
  sendSnapshot(socket: RealtimeSocket, body: SnapshotBody, now: number): RealtimeSnapshot {
    const snapshot: RealtimeSnapshot = { epoch: this.epoch, seq: socket.data.seq, serverTime: now, ...body };
    socket.emit('snapshot', snapshot);
    socket.data.ready = true;
    return snapshot;
  }

  /** Open sockets that were sent their snapshot (and so get deltas). */
  readySockets(): RealtimeSocket[] {
    return this.allSockets().filter((socket) => socket.connected && socket.data.ready);
  }

  private socketsIn(rooms: readonly string[]): RealtimeSocket[] {
    const server = this.server;
    if (!server) return [];
    const ids = new Set<string>();
    for (const room of rooms) for (const id of server.sockets.adapter.rooms.get(room) ?? []) ids.add(id);
    const sockets: RealtimeSocket[] = [];
    for (const id of ids) {
      const socket = server.sockets.sockets.get(id);
      if (socket?.connected && socket.data.ready) sockets.push(socket);
    }
    if (this.relayedRooms.size === 0) return sockets;
    const relayed = new Set<RealtimeSocket>();
    for (const room of rooms) for (const socket of this.relayedRooms.get(room) ?? []) if (socket.connected && socket.data.ready) relayed.add(socket);
    return relayed.size === 0 ? sockets : [...sockets, ...relayed];
  }
}

/** socket.io's packet type of an event (socket.io-parser's PacketType.EVENT), the first character of its encoding. */
const EVENT_PACKET = 2;

/** The socket.io client a socket of this process writes through, when the socket is on the default namespace. */
function preEncodedWriter(socket: RealtimeSocket): RealtimeSocket['client'] | null {
  const { client, nsp } = socket as Partial<RealtimeSocket>;
  return client && nsp?.name === '/' ? client : null;
}

function newEpoch(): string {
  return randomBytes(9).toString('base64url');
}
