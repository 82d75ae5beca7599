import { tracingRequested } from '../config/config';

/**
 * The entrypoints' first import: with tracing configured, the OpenTelemetry SDK starts here, before
 * Nest, pg, ioredis, fastify or undici are required, so their instrumentations can patch them. With
 * tracing off, `tracing.ts` (and with it every OpenTelemetry package) is never loaded.
 */
if (tracingRequested()) {
  // A synchronous require: an `import()` would let the rest of the entrypoint load first.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./tracing') as typeof import('./tracing')).startTracing();
}
