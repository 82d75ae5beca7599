import type { DynamicModule } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { toApiError } from '../../common/http/errors';
import { requestIdFor } from '../../common/http/request-id';
import { sendApiError } from '../../common/http/send-error';
import type { AppConfig } from '../config/config';
import { PinoNestLogger } from '../logging/logger';
import { Metrics } from '../metrics/metrics';
import { clientErrorHandler } from './client-errors';
import { registerCors } from './cors';
import { registerRequestContext } from '../database/request-context';
import { registerMethodNotAllowed } from './method-not-allowed';
import { mountOpenApi } from './openapi';
import { registerInputRules } from './request-input';
import { securityHeaders } from './security-headers';
import { setHttpRoute, tracingActive } from '../tracing/trace-context';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface HttpAppOptions {
  trustProxy?: AppConfig['trustProxy'];
  /**
   * Close the app on SIGTERM/SIGINT and exit (default). The service's processes handle the signals
   * themselves (`stopOnSignals`), to bound the shutdown and log its end.
   */
  shutdownHooks?: boolean;
}

/**
 * The Fastify-backed Nest application with the HTTP conventions (README, Errors and input; Rate limits, CORS and headers) that live below Nest:
 * request ids, JSON-only bodies of at most 1 MiB and 32 levels, one rule for every string of a
 * request, CORS, security headers, and one log line and one duration sample per request. Fastify's
 * own errors (malformed JSON, 413, 415) reach the app-wide exception filter through Nest's error
 * handler and leave in the envelope; so do requests the HTTP parser refuses, through
 * `clientErrorHandler`.
 * Used by `main.ts`, the all-in-one start and the e2e tests alike.
 */
export async function createHttpApp(
  module: DynamicModule,
  logger: Logger,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    logger: false,
    // Fastify also takes a hop count, which its adapter's option type leaves out.
    trustProxy: (options.trustProxy ?? false) as boolean | string[],
    // While closing, requests on kept-alive connections get 503; in-flight ones finish.
    return503OnClosing: true,
    // errors the router raises before any route (and so before Nest) sees the request
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendApiError(reply, String(request.id), toApiError(error).error),
    // requests the HTTP parser refuses, which never reach Fastify's routing
    clientErrorHandler: clientErrorHandler(logger),
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // Fastify's own JSON parser only: Nest's default would also accept form bodies.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerMethodNotAllowed(fastify);
  registerRequestContext(fastify, app.get(MikroORM));
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // On send, so that answers given before any route (CORS preflights) carry it too.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('X-Request-Id', request.id);
    // While shutting down, a kept-alive connection closes with its last answer instead of
    // holding the shutdown until the client lets it go.
    if (closing) void reply.header('Connection', 'close');
    done(null, payload);
  });
  observeRequests(fastify, logger, app.get(Metrics));
  // Only with tracing on: a request's span is then named after its route, as its metrics are.
  if (tracingActive()) {
    fastify.addHook('onRequest', (request, _reply, done) => {
      if (request.routeOptions.url) setHttpRoute(request.routeOptions.url);
      done();
    });
  }
  fastify.removeContentTypeParser(['text/plain']);
  registerInputRules(fastify);
  await registerCors(app);
  // helmet's headers, computed once; a route may still set its own (the widget demo's CSP).
  const security = securityHeaders();
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(security);
    done();
  });
  // On SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then close the app, then exit 0.
  if (options.shutdownHooks ?? true) app.enableShutdownHooks([], { useProcessExit: true });
  mountOpenApi(app);
  await app.init();
  return app;
}

interface Caller {
  principal?: { workspaceId: string; keyId: string | null; sessionId?: string };
}

/**
 * One JSON log line per request (request id, route, status, latency, and the workspace and key when
 * authenticated; never headers, bodies or the query string, where keys and secrets could hide), and
 * its duration in the `nhx_http_request_duration_seconds` histogram.
 */
function observeRequests(fastify: FastifyInstance, logger: Logger, metrics: Metrics): void {
  // One histogram child per (method, route, status), looked up by a plain string key: prom-client
  // would otherwise hash the label object on every observation.
  const durations = new Map<string, { observe(seconds: number): void }>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const series = `${request.method} ${status} ${route}`;
    let duration = durations.get(series);
    if (!duration) {
      duration = metrics.httpRequestDuration.labels(request.method, route, String(status));
      durations.set(series, duration);
    }
    duration.observe(reply.elapsedTime / 1000);
    const level = status >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level)) return done();
    const principal = (request as FastifyRequest & Caller).principal;
    logger[level](
      {
        requestId: request.id,
        method: request.method,
        route,
        path: request.url.split('?', 1)[0],
        status,
        latencyMs: Math.round(reply.elapsedTime * 10) / 10,
        workspaceId: principal?.workspaceId,
        keyId: principal?.keyId ?? undefined,
        sessionId: principal?.sessionId,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      },
      'request',
    );
    done();
  });
}
