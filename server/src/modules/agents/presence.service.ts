import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { ROUTER_TOOK_OVER, RoutingService } from '../routing/routing.service';

/**
 * Presence is proven by heartbeat: a desktop silent for HEARTBEAT_TIMEOUT_SECONDS counts as
 * disconnected, so no agent stays "available" behind a closed browser. The routing core then
 * withdraws their ringing offer and keeps their live contacts for a grace period.
 *
 * Only the instance that routes sweeps. When it took routing over from another instance, whose sockets
 * and heartbeats this one never saw, every logged-in agent gets one full timeout from the takeover to
 * reach it, exactly as after a restart.
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private readonly lastSeen = new Map<string, number>();
  private sweeper: NodeJS.Timeout | null = null;
  private readonly timeoutMs: number;
  private readonly tookOver = () => this.graceForEveryone();

  constructor(
    private readonly routing: RoutingService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeoutMs = config.HEARTBEAT_TIMEOUT_SECONDS * 1000;
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

  /** After a restart or a takeover: every agent of the core gets one full timeout from now to (re)connect. */
  private graceForEveryone(): void {
    const now = this.routing.now();
    for (const agentId of this.routing.core.agentIds()) this.lastSeen.set(agentId, now);
  }

  /** Marks the agent alive without touching routing (any authenticated action counts). */
  seen(agentId: string): void {
    this.lastSeen.set(agentId, this.routing.now());
  }

  /** A heartbeat: alive, and reconnected if the core had marked the desktop lost. */
  async heartbeat(agentId: string): Promise<void> {
    this.seen(agentId);
    if (this.routing.core.getAgent(agentId)?.disconnected) {
      await this.routing.run((engine, now) => engine.reconnect(agentId, now));
    }
  }

  /**
   * The desktop closed its socket: the timeout runs from now, so a page reload that reconnects within
   * it keeps the agent's ringing offer and state.
   */
  gone(agentId: string): void {
    this.lastSeen.set(agentId, this.routing.now());
  }

  /** Disconnects agents logged in but silent for longer than the timeout. */
  async sweep(): Promise<void> {
    if (!this.routing.active) return;
    const now = this.routing.now();
    for (const agentId of this.routing.core.agentIds()) {
      const agent = this.routing.core.getAgent(agentId);
      if (!agent || agent.presence === 'offline' || agent.disconnected) continue;
      const seen = this.lastSeen.get(agentId) ?? 0;
      if (now - seen < this.timeoutMs) continue;
      try {
        await this.routing.run((engine, at) => engine.disconnect(agentId, at));
        this.logger.warn(`agent ${agentId} missed heartbeats for ${Math.round((now - seen) / 1000)} s: marked disconnected`);
      } catch (error) {
        this.logger.error(error instanceof Error ? error.message : String(error));
      }
    }
  }
}
