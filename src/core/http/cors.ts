import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** README, Rate limits, CORS and headers: any origin, no cookies, the headers a browser client needs to read. */
export const CORS_OPTIONS: FastifyCorsOptions = {
  origin: '*',
  credentials: false,
  methods: ['GET', 'POST', 'DELETE'],
  allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
  exposedHeaders: ['Retry-After', 'RateLimit', 'RateLimit-Policy', 'X-Request-Id', 'Idempotent-Replayed'],
  maxAge: 86_400,
  optionsSuccessStatus: 204,
  // Any OPTIONS answers 204, including one that lacks a preflight's headers.
  strictPreflight: false,
};

/**
 * CORS on every route (the API, the widget channel, health and docs alike). `@fastify/cors` answers
 * preflights in its request hook, before routing, guards and rate limits.
 */
export async function registerCors(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCors, CORS_OPTIONS);
}
