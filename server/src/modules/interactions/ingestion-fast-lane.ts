import { Inject, Injectable, ValidationPipe } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { accessRefusal } from '../../common/auth/access.guard';
import { decideAccess } from '../../common/auth/access-decision';
import { CREDENTIAL_LOOKUP, type CredentialLookup } from '../../common/auth/credential-lookup';
import { API_KEY_HEADER, credentialFromHeaders } from '../../common/auth/credentials';
import { readRouteRule, type RouteRule } from '../../common/auth/route-rules';
import { answerFailure } from '../../common/http/error.filter';
import { createValidationPipe } from '../../common/http/validation';
import { requestIdOf } from '../../common/logging/logging.module';
import { PinoLogger } from 'nestjs-pino';
import { CreateInteractionDto } from './dto/create-interaction.dto';
import { IngestionRateLimited, IngestionRateLimiter } from './ingestion-rate-limiter';
import { InteractionsController } from './interactions.controller';
import { InteractionsService } from './interactions.service';

const INGESTION_PATH = '/api/interactions';

/** The general pipeline's steps the lane runs too, in the same order: security headers, then the JSON body. */
export interface SharedRequestSteps {
  securityHeaders: RequestHandler;
  jsonBody: RequestHandler[];
}

function step(handler: RequestHandler, request: Request, response: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void handler(request, response, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

/**
 * `POST /api/interactions` from the systems that feed contacts (PBX, IVR, chat widget, mail gateway: an API
 * key, no browser Origin) is served ahead of the general request pipeline. Every arrival of the day pays this
 * path, and the general pipeline (route table walk, per-request logger, CORS, guard and interceptor chain) costs
 * several times what routing the contact does. The lane keeps every rule of the route, in the same order:
 * security headers, request id, JSON body (size cap, 415, malformed JSON), the route's own access rule read from
 * the controller, the per-caller rate limit, the same validation pipe and DTO, the same service and error bodies.
 * Staff calls (session or bearer) and browser requests take the general pipeline.
 */
@Injectable()
export class IngestionFastLane {
  private readonly validation: ValidationPipe = createValidationPipe();
  private readonly rule: RouteRule;

  constructor(
    reflector: Reflector,
    @Inject(CREDENTIAL_LOOKUP) private readonly credentials: CredentialLookup,
    private readonly interactions: InteractionsService,
    private readonly limiter: IngestionRateLimiter,
  ) {
    this.rule = readRouteRule(reflector, InteractionsController.prototype.ingest, InteractionsController);
  }

  /** Express middleware placed first: takes the requests it serves, passes every other one on untouched. */
  middleware(shared: SharedRequestSteps): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      if (!this.serves(request)) return next();
      void this.serve(request, response, shared);
    };
  }

  private serves(request: Request): boolean {
    return request.method === 'POST' && request.path === INGESTION_PATH && request.headers[API_KEY_HEADER] !== undefined && request.headers.origin === undefined;
  }

  private async serve(request: Request, response: Response, shared: SharedRequestSteps): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(request);
    response.setHeader('X-Request-Id', requestId);
    try {
      await step(shared.securityHeaders, request, response);
      for (const handler of shared.jsonBody) await step(handler, request, response);
      const credential = credentialFromHeaders(request.headers);
      const principal = credential.kind === 'api_key' ? await this.credentials.authenticateKey(credential.key) : null;
      const decision = decideAccess(this.rule, principal);
      if (decision !== 'allow' || !principal) throw accessRefusal(decision === 'allow' ? 'unauthenticated' : decision, principal);
      this.limiter.admit(principal.id);
      const body = (await this.validation.transform(request.body, { type: 'body', metatype: CreateInteractionDto, data: undefined })) as CreateInteractionDto;
      const result = await this.interactions.ingest(body);
      response.status(result.created ? 201 : 200).json(result);
    } catch (error) {
      if (error instanceof IngestionRateLimited) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      // One line per answer: a fault's stack rides on the request line; an absent database is logged as a state change.
      answerFailure(response, error);
    }
    const statusCode = response.statusCode;
    const level = statusCode >= 500 && statusCode !== 503 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
    const err = (response as unknown as { err?: unknown }).err;
    PinoLogger.root[level](
      // Flat fields: the logger's req/res serializers expect live request and response objects.
      { reqId: requestId, method: request.method, url: request.originalUrl, statusCode, responseTime: Number(process.hrtime.bigint() - started) / 1e6, ...(err ? { err } : {}) },
      'request completed',
    );
  }
}
