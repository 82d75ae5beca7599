import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { toApiError } from '../../common/http/errors';
import { requestIdFor } from '../../common/http/request-id';
import { sendApiError } from '../../common/http/send-error';
import { PinoNestLogger } from '../logging/logger';
import { registerCors } from './cors';
import { mountOpenApi } from './openapi';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The Fastify-backed Nest application with the HTTP conventions of SPEC §4 that live below Nest:
 * request ids and JSON-only bodies of at most 1 MiB. Fastify's own errors (malformed JSON, 413, 415)
 * reach the app-wide exception filter through Nest's error handler and leave in the envelope.
 * Used by `main.ts`, the all-in-one start and the e2e tests alike.
 */
export async function createHttpApp(module: DynamicModule, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    logger: false,
    return503OnClosing: true,
    // errors the router raises before any route (and so before Nest) sees the request
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendApiError(reply, String(request.id), toApiError(error).error),
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // Fastify's own JSON parser only: Nest's default would also accept form bodies.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  fastify.removeContentTypeParser(['text/plain']);
  await registerCors(app);
  // On SIGTERM/SIGINT: close the app (the embedded PostgreSQL, when ours, stops last), then exit 0.
  app.enableShutdownHooks([], { useProcessExit: true });
  mountOpenApi(app);
  await app.init();
  return app;
}
