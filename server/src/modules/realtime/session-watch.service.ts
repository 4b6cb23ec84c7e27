import { Injectable, Logger, NestMiddleware, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { SessionEndedNotice } from '@callcentre/shared';
import { RealtimeRepository } from './realtime.repository';
import { RealtimeService, RealtimeSocket } from './realtime.service';

/** How often every open socket's session is checked again. */
export const SESSION_RECHECK_MS = 3_000;

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * A socket lives only as long as its sign-in: every few seconds (and at once after a sign-out, a password
 * change or a role change through the API) each open socket's session is checked in one query. A socket whose
 * session was revoked or has ended is told `session:ended` and closed; one whose user's roles changed is closed
 * too, so that it reconnects into the rooms its new roles give.
 */
@Injectable()
export class SessionWatchService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RealtimeSessions');
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly realtime: RealtimeService,
    private readonly repository: RealtimeRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.recheck(), SESSION_RECHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
  }

  /** Checks again shortly (coalescing bursts), after something that may have ended sessions. */
  recheckSoon(): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.recheck();
    }, 50);
    this.soon.unref();
  }

  async recheck(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.check()
      .catch((error) => this.logger.error(`session re-check failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async check(): Promise<void> {
    const sockets = this.realtime.allSockets();
    if (sockets.length === 0) return;
    const sessionIds = [...new Set(sockets.flatMap((socket) => (socket.data.sessionId ? [socket.data.sessionId] : [])))];
    const live = await this.repository.liveSessions(sessionIds);
    for (const socket of sockets) {
      const roles = socket.data.sessionId ? live.get(socket.data.sessionId) : undefined;
      if (!roles) this.end(socket, { reason: 'session_ended' });
      else if (!sameRoles(roles, socket.data.user.roles)) this.end(socket, { reason: 'roles_changed' });
    }
  }

  private end(socket: RealtimeSocket, notice: SessionEndedNotice): void {
    if (!socket.connected) return;
    socket.emit('session:ended', notice);
    socket.disconnect(true);
  }
}

/** Mounted on sign-out, password change and role change: their success may end sessions, so check sockets now. */
@Injectable()
export class SessionChangeMiddleware implements NestMiddleware {
  constructor(private readonly watch: SessionWatchService) {}

  use(_request: Request, response: Response, next: NextFunction): void {
    response.on('finish', () => {
      if (response.statusCode < 400) this.watch.recheckSoon();
    });
    next();
  }
}
