'use strict';
/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS module for `node --require` */
/**
 * Preloaded (`node -r`) into a built process by the tracing tests, which ask it over the IPC
 * channel (`'report'`) what the process has loaded and traced. With `TRACING_PROBE=memory` it
 * starts the service's tracing first, exporting to an in-memory exporter instead of the `OTEL_*`
 * configuration, exactly as `register.ts` would start it (the entrypoint's own start is then a
 * no-op). Otherwise it loads nothing of OpenTelemetry itself.
 */
const { join } = require('node:path');

const DIST = join(__dirname, '..', '..', 'dist');
let exporter = null;
if (process.env.TRACING_PROBE === 'memory') {
  const { InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const { startTracing } = require(join(DIST, 'core', 'tracing', 'tracing.js'));
  exporter = new InMemorySpanExporter();
  startTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
}

/** Whether the process's own copy of `pg` (resolved from dist/, as the service loads it) is patched. */
function pgPatched() {
  const path = require.resolve('pg', { paths: [DIST] });
  const pg = require.cache[path];
  if (pg === undefined) return null;
  return pg.exports.Client.prototype.query.__wrapped === true;
}

process.on('message', (request) => {
  if (request !== 'report') return;
  process.send({
    openTelemetryPackages: [
      ...new Set(
        Object.keys(require.cache)
          .map((file) => /\/node_modules\/(@opentelemetry\/[^/]+)\//.exec(file))
          .filter((match) => match !== null)
          .map((match) => match[1]),
      ),
    ].sort(),
    pgPatched: pgPatched(),
    spans: (exporter ? exporter.getFinishedSpans() : []).map((span) => ({
      name: span.name,
      kind: span.kind,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext ? span.parentSpanContext.spanId : null,
      attributes: span.attributes,
    })),
  });
});
// The channel must not keep the process alive: it stops as it would without the probe.
process.channel.unref();
