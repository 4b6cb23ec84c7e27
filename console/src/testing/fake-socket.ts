import type { RealtimeAck, RealtimeDeltaEvent, RealtimeDeltaMap, RealtimeSnapshot } from '@callcentre/shared';
import type { RealtimeSocket } from '../features/realtime';

type Listener = (...args: never[]) => void;
type CommandHandler = (payload: unknown) => RealtimeAck<unknown> | Promise<RealtimeAck<unknown>> | undefined;

export interface FakeSocketOptions {
  /** Sent as soon as the console connects (each time), like the server does. */
  snapshot?: RealtimeSnapshot | (() => RealtimeSnapshot);
  /** Answers to commands by name; a command without an answer gets none (it times out). */
  commands?: Record<string, CommandHandler>;
  epoch?: string;
}

/**
 * Stands in for the server end of the socket in component tests: the test pushes snapshots and deltas as the
 * server would (with epoch and seq), answers commands, and drops the connection.
 */
export class FakeSocket implements RealtimeSocket {
  connected = false;
  readonly emitted: Array<{ event: string; payload: unknown }> = [];
  connects = 0;
  private readonly listeners = new Map<string, Set<Listener>>();
  private seq = 0;
  readonly epoch: string;
  snapshot: FakeSocketOptions['snapshot'];
  commands: Record<string, CommandHandler>;

  constructor(options: FakeSocketOptions = {}) {
    this.snapshot = options.snapshot;
    this.commands = { sync: () => this.sendSnapshotAck(), 'agent:heartbeat': () => ({ ok: true, data: { at: Date.now() } }), ...options.commands };
    this.epoch = options.epoch ?? 'epoch-1';
  }

  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }

  emit(event: string, ...args: unknown[]): this {
    const [payload, ack] = args as [unknown, ((answer: unknown) => void) | undefined];
    this.emitted.push({ event, payload });
    const handler = this.commands[event];
    const answer = handler?.(payload);
    if (answer && ack) void Promise.resolve(answer).then((value) => value && ack(value));
    return this;
  }

  connect(): this {
    this.connects += 1;
    if (this.connected) return this;
    this.connected = true;
    this.seq = 0;
    this.fire('connect');
    if (this.snapshot) this.sendSnapshot();
    return this;
  }

  disconnect(): this {
    if (!this.connected) return this;
    this.connected = false;
    this.fire('disconnect', 'io client disconnect');
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  /** The network went away (socket.io then reconnects by itself; here the test calls `connect`). */
  drop(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }

  /** Sends the configured snapshot with the connection's current seq. */
  sendSnapshot(snapshot?: RealtimeSnapshot): void {
    const base = snapshot ?? (typeof this.snapshot === 'function' ? this.snapshot() : this.snapshot);
    if (!base) throw new Error('FakeSocket has no snapshot to send');
    this.fire('snapshot', { ...base, epoch: this.epoch, seq: this.seq });
  }

  /** Sends a delta with the next seq (or the given one, to make a gap or a duplicate). */
  delta<E extends RealtimeDeltaEvent>(event: E, data: RealtimeDeltaMap[E], options: { seq?: number; epoch?: string; at?: number } = {}): void {
    this.seq = options.seq ?? this.seq + 1;
    this.fire(event, { epoch: options.epoch ?? this.epoch, seq: this.seq, at: options.at ?? Date.now(), data });
  }

  /** Commands of one name sent so far, with their payloads. */
  sent(event: string): unknown[] {
    return this.emitted.filter((entry) => entry.event === event).map((entry) => entry.payload);
  }

  fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...values: unknown[]) => void)(...args);
  }

  private sendSnapshotAck(): RealtimeAck<unknown> {
    queueMicrotask(() => this.snapshot && this.sendSnapshot());
    return { ok: true, data: { epoch: this.epoch, seq: this.seq } };
  }
}
