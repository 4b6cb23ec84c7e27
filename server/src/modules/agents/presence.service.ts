import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { ROUTER_TOOK_OVER, RoutingService } from '../routing';

/**
 * Consoles retry a lost connection at most this long apart (socket.io's reconnectionDelayMax): after a restart
 * or a takeover, each desktop gets one retry on top of the heartbeat timeout to reach this instance.
 */
const CONSOLE_RETRY_MS = 5_000;

/** What presence knows of one agent's desktop. */
interface DesktopSign {
  /** Last heartbeat, command or connection. */
  seenAt: number;
  /** When its last socket closed, unless it was seen since. */
  closedAt: number | null;
  /** Not disconnected before this (after a restart or a takeover), unless it was seen since. */
  graceUntil: number;
}

/**
 * Presence is proven by heartbeat: a desktop silent for HEARTBEAT_TIMEOUT_SECONDS counts as
 * disconnected, so no agent stays "available" behind a closed browser. Anything the desktop sends counts:
 * heartbeats, commands, and socket.io's own pongs to the server's pings (sent at least twice per timeout). The routing core then
 * withdraws their ringing offer (re-routed, not counted as missed) and keeps their live contacts for a
 * grace period. A desktop that closed its last socket (tab closed, sign-out, network cut the server
 * saw) counts as disconnected sooner, after RECONNECT_WINDOW_SECONDS, unless it connects again first:
 * a page reload keeps the agent's ringing offer and state. The defaults (heartbeat every 2 s, 6 s
 * timeout, 2 s window, a sweep each second) see a closed desktop well before a ringing offer expires.
 *
 * Only the instance that routes sweeps. When it took routing over from another instance, whose sockets
 * and heartbeats this one never saw, every logged-in agent gets a full timeout and one console retry
 * from the takeover to reach it, exactly as after a restart.
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private readonly desktops = new Map<string, DesktopSign>();
  /** Agents whose reconnection, started by a packet from their desktop, is not committed yet. */
  private readonly reconnecting = new Set<string>();
  private sweeper: NodeJS.Timeout | null = null;
  private readonly timeoutMs: number;
  private readonly reconnectWindowMs: number;
  private readonly tookOver = () => this.graceForEveryone();

  constructor(
    private readonly routing: RoutingService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeoutMs = config.HEARTBEAT_TIMEOUT_SECONDS * 1000;
    this.reconnectWindowMs = Math.min(config.RECONNECT_WINDOW_SECONDS, config.HEARTBEAT_TIMEOUT_SECONDS) * 1000;
    this.events.on(ROUTER_TOOK_OVER, this.tookOver);
  }

  onApplicationBootstrap(): void {
    this.graceForEveryone();
    this.sweeper = setInterval(() => void this.sweep(), Math.min(1000, this.timeoutMs / 2));
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    this.events.off(ROUTER_TOOK_OVER, this.tookOver);
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /** After a restart or a takeover: every agent of the core gets a full timeout and one console retry from now to (re)connect. */
  private graceForEveryone(): void {
    const now = this.routing.now();
    const graceUntil = now + this.timeoutMs + CONSOLE_RETRY_MS;
    for (const agentId of this.routing.core.agentIds()) this.desktops.set(agentId, { seenAt: now, closedAt: null, graceUntil });
  }

  /**
   * Marks the agent alive without touching routing: any authenticated action, and any packet from one of the
   * agent's sockets (socket.io's pongs included), counts. Called for every packet, so it allocates nothing.
   */
  seen(agentId: string): void {
    const now = this.routing.now();
    const sign = this.desktops.get(agentId);
    if (!sign) {
      this.desktops.set(agentId, { seenAt: now, closedAt: null, graceUntil: 0 });
      return;
    }
    sign.seenAt = now;
    sign.closedAt = null;
    sign.graceUntil = 0;
  }

  /**
   * A packet from one of the agent's sockets, socket.io's pongs included: alive, as `seen`, and reconnected, as by a
   * heartbeat, if the core had marked the desktop lost while its socket survived (a network blip longer than the
   * heartbeat timeout but shorter than socket.io's): the pongs bring the agent back without waiting for the desktop's
   * own heartbeat timer, which a browser holds back in a background tab. One reconnection at a time per agent: the
   * packets that arrive while it commits start no other.
   */
  packet(agentId: string): void {
    this.seen(agentId);
    if (this.reconnecting.has(agentId) || !this.routing.active || !this.routing.core.isDisconnected(agentId)) return;
    this.reconnecting.add(agentId);
    this.heartbeat(agentId)
      .catch((error: unknown) => this.logger.warn(`agent ${agentId} not reconnected: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.reconnecting.delete(agentId));
  }

  /** A heartbeat: alive, and reconnected if the core had marked the desktop lost. */
  async heartbeat(agentId: string): Promise<void> {
    this.seen(agentId);
    if (this.routing.core.isDisconnected(agentId)) {
      await this.routing.dispatch({ type: 'reconnect', agentId });
    }
  }

  /** The agent's last socket closed: disconnected after the reconnect window unless a socket of theirs connects first. */
  gone(agentId: string): void {
    const now = this.routing.now();
    const sign = this.desktops.get(agentId);
    this.desktops.set(agentId, { seenAt: sign?.seenAt ?? now, closedAt: now, graceUntil: sign?.graceUntil ?? 0 });
  }

  /**
   * When the agent counts as disconnected: a full timeout after the last sign of life, or the window after the
   * last socket closed, but not within the grace after a restart or a takeover.
   */
  private dueAt(sign: DesktopSign | undefined): number {
    if (!sign) return 0;
    const silent = sign.seenAt + this.timeoutMs;
    const due = sign.closedAt === null ? silent : Math.min(silent, sign.closedAt + this.reconnectWindowMs);
    return Math.max(due, sign.graceUntil);
  }

  /** Disconnects agents logged in whose desktop closed or fell silent. */
  async sweep(): Promise<void> {
    if (!this.routing.active) return;
    const now = this.routing.now();
    for (const agentId of this.routing.core.agentIds()) {
      // Every agent, every second: the agent's view is built only for the few whose desktop is due.
      const sign = this.desktops.get(agentId);
      if (now < this.dueAt(sign)) continue;
      const agent = this.routing.core.getAgent(agentId);
      if (!agent || agent.presence === 'offline' || agent.disconnected) continue;
      try {
        await this.routing.dispatch({ type: 'disconnect', agentId });
        const why = sign?.closedAt != null ? 'closed its connection' : `missed heartbeats for ${Math.round((now - (sign?.seenAt ?? 0)) / 1000)} s`;
        this.logger.warn(`agent ${agentId}'s desktop ${why}: marked disconnected`);
      } catch (error) {
        this.logger.error(error instanceof Error ? error.message : String(error));
      }
    }
  }
}
