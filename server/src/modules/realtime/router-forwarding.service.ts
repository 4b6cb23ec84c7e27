import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { STANDBY_FORWARDER, type ErrorBody, type StandbyForwarder } from '../../common/http/error.filter';
import { RoutingService } from '../routing';
import { ClusterLink } from './cluster-link';

/** Marks a request handed over by another process: it is answered here, never handed over again. */
export const FORWARDED_HEADER = 'x-callcentre-forwarded';
const REQUESTS = 'router:requests';
const repliesOf = (nodeId: string) => `router:replies:${nodeId}`;
/** Longest a handed-over request waits for its answer; then its outcome is unknown here (504). */
export const FORWARD_TIMEOUT_MS = 60_000;
/** How often a process checks whether it routes, to listen for handed-over requests only while it does. */
const LISTEN_CHECK_MS = 250;
/** Headers of one hop only, which are not passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'proxy-connection', 'te', 'trailer']);

interface ForwardedRequest {
  id: string;
  replyTo: string;
  method: string;
  url: string;
  headers: Record<string, string | string[]>;
  /** The body as received (JSON requests: as parsed, serialised again). */
  body: string | null;
}

interface ForwardedReply {
  id: string;
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

interface Waiting {
  response: Response;
  refusal: ErrorBody;
  timer: NodeJS.Timeout;
}

/** The answer when the routing process took a request and did not answer in time: it may have been carried out. */
const NO_ANSWER: ErrorBody = {
  statusCode: 504,
  code: 'ROUTER_NO_ANSWER',
  message: 'The routing server took the request but did not answer in time; it may have been carried out. Check before sending it again.',
};

function passedOn(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

function bodyOf(request: Request): string | null {
  const raw = (request as Request & { rawBody?: Buffer }).rawBody;
  if (raw) return raw.toString('utf8');
  if (request.method === 'GET' || request.method === 'HEAD' || request.body === undefined || request.body === null) return null;
  return typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
}

/**
 * Any process takes any request, when several run on one database (REDIS_URL): a request that needs the router,
 * refused here because another process holds the router lock (ROUTER_STANDBY, raised before anything is looked up
 * or written), is handed over through Redis to the process that routes. That process runs it on its own HTTP
 * server, as if it had been sent there (the same credentials, checks and limits), and its answer (after the commit,
 * as always) goes back through Redis to be answered here. Ingestion, agent commands and supervisor commands all take
 * this path. Only the routing process listens for handed-over requests: when no process heard one (none routes: a
 * takeover under way) nothing was done, and the refusal is answered with its Retry-After. A request the routing
 * process heard and did not answer within FORWARD_TIMEOUT_MS (it died meanwhile) is answered 504 ROUTER_NO_ANSWER:
 * it may have been carried out (an arrival sent again with its external id is recognised, not doubled).
 *
 * Redis publish/subscribe, not PostgreSQL: the request and its answer are a conversation between two live processes,
 * nothing to keep once answered; the routing journal stays the one record of what routing did.
 */
@Injectable()
export class RouterForwarding implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Cluster');
  private readonly waiting = new Map<string, Waiting>();
  private listenTimer: NodeJS.Timeout | null = null;
  private listening = false;

  constructor(
    private readonly link: ClusterLink,
    private readonly routing: RoutingService,
    private readonly http: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.link.enabled) return;
    await this.link.subscribe(repliesOf(this.link.nodeId), (message) => this.answer(message));
    this.listenTimer = setInterval(() => void this.listenWhileRouting().catch((error: unknown) => this.logger.warn(`handed-over requests: ${error instanceof Error ? error.message : String(error)}`)), LISTEN_CHECK_MS);
    this.listenTimer.unref();
    await this.listenWhileRouting();
    const forwarder: StandbyForwarder = { forward: (request, response, refusal) => this.forward(request, response, refusal) };
    this.expressLocals()[STANDBY_FORWARDER] = forwarder;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.link.enabled) return;
    if (this.listenTimer) clearInterval(this.listenTimer);
    delete this.expressLocals()[STANDBY_FORWARDER];
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      this.waiting.delete(id);
      this.refuse(waiting);
    }
  }

  private expressLocals(): Record<string, unknown> {
    return (this.http.httpAdapter.getInstance() as { locals: Record<string, unknown> }).locals;
  }

  /** Hands a refused request over to the routing process; false when it cannot be (then it is refused here). */
  forward(request: Request, response: Response, refusal: ErrorBody): boolean {
    if (!this.link.enabled || request.headers[FORWARDED_HEADER] !== undefined) return false;
    const id = randomUUID();
    const message: ForwardedRequest = { id, replyTo: this.link.nodeId, method: request.method, url: request.originalUrl, headers: passedOn(request.headers), body: bodyOf(request) };
    this.waiting.set(id, { response, refusal, timer: this.timeout(id, FORWARD_TIMEOUT_MS) });
    const notHanded = (why: string) => {
      const waiting = this.waiting.get(id);
      if (!waiting) return;
      this.logger.warn(`a request was not handed to the routing process: ${why}`);
      clearTimeout(waiting.timer);
      this.waiting.delete(id);
      this.refuse(waiting);
    };
    // Only the routing process listens: nobody heard it means nobody routes now (a takeover under way), nothing was done.
    this.link.publish(REQUESTS, JSON.stringify(message)).then(
      (listeners) => listeners === 0 && notHanded('no process routes now'),
      (error: unknown) => notHanded(error instanceof Error ? error.message : String(error)),
    );
    return true;
  }

  /** Ends the wait for a request the routing process heard: 504, its outcome is unknown here. */
  private timeout(id: string, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const waiting = this.waiting.get(id);
      if (!waiting) return;
      this.waiting.delete(id);
      if (!waiting.response.headersSent) waiting.response.status(NO_ANSWER.statusCode).json(NO_ANSWER);
    }, ms);
    timer.unref();
    return timer;
  }

  /** The refusal this process would have answered (503 with Retry-After): nothing was done. */
  private refuse({ response, refusal }: Waiting): void {
    if (response.headersSent) return;
    const retryAfter = refusal.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(Math.ceil(retryAfter)));
    response.status(refusal.statusCode).json(refusal);
  }

  private routes(): boolean {
    return this.routing.routerState === 'active' || this.routing.routerState === 'recovering';
  }

  /** Listens for handed-over requests while this process routes, and only then. */
  private async listenWhileRouting(): Promise<void> {
    const routes = this.routes();
    if (routes === this.listening) return;
    this.listening = routes;
    if (routes) await this.link.subscribe(REQUESTS, (message) => this.serve(message));
    else await this.link.unsubscribe(REQUESTS);
  }

  /** A request handed over by another process: run here while this process routes. */
  private serve(message: string): void {
    if (!this.routes()) return;
    let forwarded: ForwardedRequest;
    try {
      forwarded = JSON.parse(message) as ForwardedRequest;
    } catch {
      return;
    }
    void this.runHere(forwarded)
      .then((reply) => this.link.publish(repliesOf(forwarded.replyTo), JSON.stringify(reply)))
      .catch((error: unknown) => this.logger.warn(`a handed-over request was not answered: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Sends the request to this process's own HTTP server, marked as handed over, and reads the whole answer. */
  private runHere(forwarded: ForwardedRequest): Promise<ForwardedReply> {
    const address = this.http.httpAdapter.getHttpServer().address() as AddressInfo;
    const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host, port: address.port, method: forwarded.method, path: forwarded.url, headers: { ...forwarded.headers, [FORWARDED_HEADER]: '1' } },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => resolve({ id: forwarded.id, status: incoming.statusCode ?? 502, headers: passedOn(incoming.headers), body: Buffer.concat(chunks).toString('utf8') }));
          incoming.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.setTimeout(FORWARD_TIMEOUT_MS, () => outgoing.destroy(new Error('no answer')));
      if (forwarded.body !== null) outgoing.end(forwarded.body);
      else outgoing.end();
    });
  }

  /** The routing process's answer to a request handed over from here. */
  private answer(message: string): void {
    let reply: ForwardedReply;
    try {
      reply = JSON.parse(message) as ForwardedReply;
    } catch {
      return;
    }
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(reply.id);
    const { response } = waiting;
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(reply.headers)) if (name !== 'x-request-id') response.setHeader(name, value);
    response.status(reply.status).send(reply.body);
  }
}
