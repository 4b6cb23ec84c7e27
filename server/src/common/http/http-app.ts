import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from '../../app.module';
import { IngestionFastLane } from '../../modules/interactions/ingestion-fast-lane';
import { crossSiteGuard, noStoreForApi } from './cross-site.guard';
import { toErrorBody } from './error.filter';
import { consoleSecurityHeaders } from './security-headers';
import { createValidationPipe } from './validation';

/** Largest accepted request body: contacts and complaint notes are small; anything bigger is hostile. */
export const BODY_LIMIT = '100kb';

/** Batches of customers and purchases from the business's systems: 10,000 rows a call need more than BODY_LIMIT. */
export const CRM_BATCH_ROUTES = ['/api/customers/batch', '/api/transactions/batch'];
export const CRM_BATCH_BODY_LIMIT = '16mb';
/** Signed telephony events: their raw body is kept, as the signature is over the bytes sent (docs/cti.md). */
export const CTI_EVENT_ROUTES = ['/api/cti/events'];

/** Routes that read their raw body themselves, and the types they take: a CSV file streams into an import. */
const RAW_BODY_ROUTES: readonly { path: string; types: string[] }[] = [{ path: '/api/crm/imports', types: ['text/csv'] }];

/**
 * A body in anything but JSON is refused (415): the JSON parser would skip it and the route would see an empty
 * body, so a form post or a text/plain body could pass for a request without fields. Only a route that reads its
 * raw body itself takes its own type (RAW_BODY_ROUTES).
 */
export function requireJsonBody(request: Request, _response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || request.is(['application/json', 'application/*+json'])) return next();
  if (RAW_BODY_ROUTES.some((route) => request.path === route.path && request.is(route.types))) return next();
  next(Object.assign(new Error('Send the request body as application/json'), { status: 415, expose: true }));
}

/**
 * Errors of reading the body (malformed JSON, over the limit, not JSON) are answered here, in the API's error
 * shape. Left to travel on, they would reach the console's static fallback, which answers 404 for API paths.
 */
function answerBodyErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const body = toErrorBody(error);
  if (body.statusCode >= 500) return next(error);
  response.status(body.statusCode).json(body);
}

/** Uploads that may take longer than the request timeout: each is cut when it stalls instead (see its route). */
const LONG_UPLOAD_ROUTES: readonly { method: string; path: string }[] = [{ method: 'POST', path: '/api/crm/imports' }];

/**
 * The request timeout, per route. Node's own (`server.requestTimeout`, 5 minutes) applies to every request of a
 * server alike, so a CSV upload over a slow link would be cut mid-file; it is turned off and this one applies
 * instead: a request whose body has not all arrived `limitMs` after it reached the application is answered 408 and
 * its connection closed, as Node would, except on LONG_UPLOAD_ROUTES. Headers still have Node's headersTimeout.
 */
export function requestDeadline(limitMs: number): (request: Request, response: Response, next: NextFunction) => void {
  return (request, response, next) => {
    if (request.complete || LONG_UPLOAD_ROUTES.some((route) => request.method === route.method && request.path === route.path)) return next();
    const timer = setTimeout(() => {
      if (request.complete) return;
      if (!response.headersSent) response.status(408).set('Connection', 'close').json({ statusCode: 408, code: 'REQUEST_TIMEOUT', message: 'the request did not arrive in time' });
      request.socket.destroySoon();
    }, limitMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    request.once('end', clear);
    request.once('close', clear);
    next();
  };
}

/** Builds the configured HTTP application (not yet listening); shared by `main` and the tests. */
export async function createHttpApp(options: AppModuleOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  (app.getHttpServer() as Server).requestTimeout = 0;
  app.use(requestDeadline(options.config.REQUEST_TIMEOUT_SECONDS * 1000));
  const securityHeaders = consoleSecurityHeaders();
  app.use(noStoreForApi);
  app.use(crossSiteGuard(options.config.CORS_ORIGINS));
  // Contacts posted by PBXs and IVRs are served first, by the same rules on a shorter path (see IngestionFastLane).
  app.use(app.get(IngestionFastLane).middleware({ securityHeaders, jsonBody: [json({ limit: BODY_LIMIT }), requireJsonBody] }));
  app.use(securityHeaders);
  const origins = options.config.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  app.enableCors({ origin: origins.length > 0 ? origins : false, credentials: true });
  app.use(CRM_BATCH_ROUTES, json({ limit: CRM_BATCH_BODY_LIMIT }));
  app.use(CTI_EVENT_ROUTES, json({ limit: BODY_LIMIT, verify: (request, _response, raw) => Object.assign(request, { rawBody: raw }) }));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(requireJsonBody);
  app.use(answerBodyErrors);
  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Call-centre platform')
      .setDescription('Ingestion (CTI) API, ACD routing, agents, queues, customers and complaints')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
