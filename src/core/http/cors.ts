import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** SPEC §4: any origin, no cookies, the headers a browser client needs to read. */
export const CORS_OPTIONS: FastifyCorsOptions = {
  origin: '*',
  credentials: false,
  methods: ['GET', 'POST', 'DELETE'],
  allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
  exposedHeaders: ['Retry-After', 'RateLimit', 'RateLimit-Policy', 'X-Request-Id', 'Idempotent-Replayed'],
  maxAge: 86_400,
  optionsSuccessStatus: 204,
  strictPreflight: false,
};

/**
 * Paths answered with CORS headers and preflights. Only the public widget channel so far; the API
 * (SPEC §4: every route) joins when issue 6 lands, by widening this one check.
 */
export const isCorsPath = (url: string): boolean => url.startsWith('/widget/');

export async function registerCors(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCors, {
    delegator: (request, callback) =>
      callback(null, isCorsPath(request.url) ? CORS_OPTIONS : { origin: false }),
  });
}
