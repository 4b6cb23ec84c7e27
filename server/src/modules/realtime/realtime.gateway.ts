import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { AgentView, ContactCommandResult, RealtimeAck, RealtimeAlert, RealtimeConnectError, SyncResult } from '@callcentre/shared';
import { authenticateSocketHandshake, CREDENTIAL_LOOKUP, type CredentialLookup } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { AgentsService } from '../agents';
import { AlertsService } from '../alerts';
import { PresenceService } from '../agents';
import { InteractionsService } from '../interactions';
import { RoutingService } from '../routing';
import { isTransientDatabaseError } from '../../common/database/database.errors';
import { databaseOutages } from '../../common/http/error.filter';
import { AgentStateCommandDto, AlertCommandDto, ContactCommandDto, OfferCommandDto, WrapUpCommandDto } from './dto/realtime-commands.dto';
import { AWAY_REFUSALS, awayReasonOf, closeAway, LiveFeedService } from './live-feed.service';
import { OriginPolicy } from '../../common/http/origin.policy';
import { RealtimeServer, RealtimeService, RealtimeSocket } from './realtime.service';
import { runCommand } from './socket-commands';
import { ClusterLink } from './cluster-link';
import { DeskGateway, DeskRelay, RELAYED_COMMANDS } from './desk-relay.service';

/** Largest socket.io message the server accepts at all; commands are capped far lower (REALTIME_MAX_PAYLOAD_BYTES). */
const MAX_MESSAGE_BYTES = 16 * 1024;
/** socket.io's own heartbeat: a connection whose other end went silent this long after a ping is closed. */
const PING_TIMEOUT_MS = 5_000;

/**
 * How often the server pings each connection: at most every 5 s, and at least twice per heartbeat timeout, so that
 * a desktop's pongs alone (a background tab whose timers the browser throttles still answers them) keep it alive.
 * A dead connection is noticed by the server, and by the console (whose socket.io client takes both values from the
 * handshake), within pingInterval + PING_TIMEOUT_MS: within the heartbeat timeout and a console retry that
 * agents get after a restart or a takeover.
 */
export function pingIntervalMs(heartbeatTimeoutSeconds: number): number {
  return Math.max(500, Math.min(5_000, Math.floor((heartbeatTimeoutSeconds * 1000) / 2)));
}

type EngineRequest = IncomingMessage & { _query?: Record<string, string> };

function connectError(error: RealtimeConnectError): Error {
  return Object.assign(new Error(error.message), { data: error });
}

const contactResult = (view: { id: string; status: string }): ContactCommandResult => ({ interactionId: view.id, status: view.status });

/**
 * The socket.io edge of the server: authenticates the handshake, refuses foreign origins, puts each socket in
 * the rooms its user's roles give, and turns each client event into one service call with the caller's
 * identity (see socket-commands.ts). What the consoles receive comes from LiveFeedService and RealtimeService.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, maxHttpBufferSize: MAX_MESSAGE_BYTES, connectTimeout: 10_000 })
export class RealtimeGateway implements OnGatewayInit<RealtimeServer>, OnGatewayConnection<RealtimeSocket>, OnGatewayDisconnect<RealtimeSocket>, OnApplicationBootstrap, DeskGateway {
  private readonly logger = new Logger('RealtimeGateway');
  private readonly origins: OriginPolicy;
  private readonly pingInterval: number;
  private server: RealtimeServer | null = null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CREDENTIAL_LOOKUP) private readonly credentials: CredentialLookup,
    private readonly realtime: RealtimeService,
    private readonly feed: LiveFeedService,
    private readonly presence: PresenceService,
    private readonly agents: AgentsService,
    private readonly interactions: InteractionsService,
    private readonly alerts: AlertsService,
    private readonly routing: RoutingService,
    private readonly cluster: ClusterLink,
    private readonly relay: DeskRelay,
  ) {
    this.relay.serveWith(this);
    this.origins = new OriginPolicy(config.CORS_ORIGINS);
    this.pingInterval = pingIntervalMs(config.HEARTBEAT_TIMEOUT_SECONDS);
  }

  afterInit(server: RealtimeServer): void {
    this.server = server;
    this.realtime.attach(server);
    const engine = server.engine;
    // Read by engine.io for each new connection (and sent to the client in the handshake).
    engine.opts.pingInterval = this.pingInterval;
    engine.opts.pingTimeout = PING_TIMEOUT_MS;
    // The handshake of a page from another site is refused with 403 before any transport opens.
    engine.opts.allowRequest = (request, callback) => {
      const allowed = this.origins.allows(request.headers.origin, request.headers.host);
      callback(allowed ? null : 'ORIGIN_NOT_ALLOWED', allowed);
    };
    // Later requests of a connection (polling, upgrade) are checked again; pages listed in CORS_ORIGINS get CORS headers.
    engine.use((request: EngineRequest, response: ServerResponse, next: (error?: Error) => void) => {
      const origin = request.headers.origin;
      if (request._query?.sid && !this.origins.allows(origin, request.headers.host)) return next(new Error('ORIGIN_NOT_ALLOWED'));
      if (origin && this.origins.isListed(origin) && !request.headers.upgrade) {
        response.setHeader('Access-Control-Allow-Origin', origin);
        response.setHeader('Access-Control-Allow-Credentials', 'true');
        response.setHeader('Vary', 'Origin');
        if (request.method === 'OPTIONS') {
          response.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'content-type', 'Access-Control-Max-Age': '600' });
          response.end();
          return;
        }
      }
      next();
    });
    server.use((socket, next) => {
      // An instance that does not route has no live state to show: the console is told why, and tries again; unless
      // it relays its consoles to the one that routes (REDIS_URL).
      const away = awayReasonOf(this.routing.routerState);
      if (away && !(away === 'standby' && this.relay.enabled)) return next(connectError(AWAY_REFUSALS[away]));
      authenticateSocketHandshake(this.credentials, socket.handshake)
        .then((user) => {
          if (!user) return next(connectError({ code: 'UNAUTHENTICATED', message: 'Sign in, or connect with a valid access token' }));
          socket.data.user = user;
          socket.data.sessionId = user.sessionId ?? null;
          socket.data.seq = 0;
          socket.data.ready = false;
          socket.data.tokens = 30;
          socket.data.tokensAt = Date.now();
          next();
        })
        .catch((error) => {
          if (isTransientDatabaseError(error)) {
            databaseOutages.refusedOne(error);
            return next(connectError(AWAY_REFUSALS.database_unavailable));
          }
          this.logger.error(`socket handshake failed: ${error instanceof Error ? error.message : String(error)}`);
          next(connectError({ code: 'UNAUTHENTICATED', message: 'The sign-in could not be checked; try again' }));
        });
    });
  }

  /**
   * With REDIS_URL, the socket.io servers of every process share rooms through the Redis streams adapter (the link is
   * connected by now, and no socket yet: the server listens after the bootstrap). Without it, the default in-memory adapter.
   */
  onApplicationBootstrap(): void {
    const connection = this.cluster.connection;
    if (connection && this.server) this.server.adapter(createAdapter(connection, { streamName: `${this.cluster.prefix}socket.io`, channelPrefix: `${this.cluster.prefix}socket.io` }));
  }

  async handleConnection(socket: RealtimeSocket): Promise<void> {
    const user = socket.data.user;
    if (!user) {
      socket.disconnect(true);
      return;
    }
    if (!socket.data.relayed && this.relay.relays()) {
      this.relay.open(socket);
      return;
    }
    this.realtime.track(socket);
    await this.feed.current();
    if (!socket.connected) return;
    // Routing stopped while the socket waited: no snapshot of committed state can be sent, so the console is told why.
    const away = awayReasonOf(this.routing.routerState);
    if (away) {
      closeAway(socket, away);
      return;
    }
    // Rooms and snapshot together, with no await between: no delta can slip in before the snapshot.
    this.feed.admit(socket);
    if (user.roles.includes('agent')) {
      this.presence.heartbeat(user.id).catch((error) => this.logger.warn(`presence of ${user.id} not refreshed: ${error instanceof Error ? error.message : String(error)}`));
      // Any packet from the desktop proves it alive, socket.io's pongs included: they are answered as pings arrive,
      // where the desktop's own heartbeat timer may be held back in a background tab. After a network blip the socket
      // survived but presence did not, the first packet through also reconnects the agent in routing.
      socket.conn.on('packet', () => this.presence.packet(user.id));
    }
  }

  handleDisconnect(socket: RealtimeSocket): void {
    if (socket.data.relayed) {
      this.relay.close(socket);
      return;
    }
    const user = socket.data.user;
    // The sweeper disconnects the agent in routing unless they have another socket open.
    if (this.realtime.untrack(socket) && user?.roles.includes('agent')) this.presence.gone(user.id);
  }

  /** A command of a desk held by another process, run as for a socket of this one. */
  command(event: keyof typeof RELAYED_COMMANDS, socket: RealtimeSocket, payload: unknown): Promise<RealtimeAck<unknown>> {
    return (this[RELAYED_COMMANDS[event]] as (socket: RealtimeSocket, payload: unknown) => Promise<RealtimeAck<unknown>>).call(this, socket, payload);
  }

  @SubscribeMessage('agent:heartbeat')
  heartbeat(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<RealtimeAck<{ at: number }>> {
    return runCommand(socket, 'agent:heartbeat', null, payload, async (_, user) => {
      await this.presence.heartbeat(user.id);
      return { at: Date.now() };
    });
  }

  @SubscribeMessage('agent:state')
  changeState(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<RealtimeAck<AgentView>> {
    return runCommand(socket, 'agent:state', AgentStateCommandDto, payload, (command, user) => {
      this.presence.seen(user.id);
      return this.agents.changeState(user.id, command.state, command.reason, user);
    });
  }

  @SubscribeMessage('offer:accept')
  accept(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<RealtimeAck<ContactCommandResult>> {
    return runCommand(socket, 'offer:accept', OfferCommandDto, payload, async (command, user) => {
      this.presence.seen(user.id);
      return contactResult(await this.interactions.accept(command.interactionId, user.id, command.offerId));
    });
  }

  @SubscribeMessage('offer:reject')
  reject(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<RealtimeAck<ContactCommandResult>> {
    return runCommand(socket, 'offer:reject', OfferCommandDto, payload, async (command, user) => {
      this.presence.seen(user.id);
      return contactResult(await this.interactions.reject(command.interactionId, user.id, command.offerId));
    });
  }

  @SubscribeMessage('contact:end')
  end(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<RealtimeAck<ContactCommandResult>> {
    return runCommand(socket, 'contact:end', ContactCommandDto, payload, async (command, user) => contactResult(await this.interactions.end(command.interactionId, user)));
  }

  @SubscribeMessage('wrapup:finish')
  finishWrapUp(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<RealtimeAck<ContactCommandResult>> {
    return runCommand(socket, 'wrapup:finish', WrapUpCommandDto, payload, async (command, user) => {
      this.presence.seen(user.id);
      return contactResult(await this.interactions.finishWrapUp(command.interactionId, user.id, command.disposition, { kind: 'agent', id: user.id }));
    });
  }

  @SubscribeMessage('alert:acknowledge')
  acknowledgeAlert(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<RealtimeAck<RealtimeAlert>> {
    return runCommand(socket, 'alert:acknowledge', AlertCommandDto, payload, (command, user) => this.alerts.acknowledge(command.alertId, user));
  }

  @SubscribeMessage('sync')
  sync(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<RealtimeAck<SyncResult>> {
    return runCommand(socket, 'sync', null, payload, async () => {
      await this.feed.current();
      this.routing.assertActive();
      const snapshot = this.feed.sendSnapshot(socket);
      return { epoch: snapshot.epoch, seq: snapshot.seq };
    });
  }
}
