import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { core, NodeSDK, resources, type tracing as sdkTracing } from '@opentelemetry/sdk-node';
import { safeErrorMessage } from '../logging/redaction';
import { installTracing, type SpanAttributes, type Tracing, type TraceSpan } from './trace-context';

/**
 * A statement as it may be exported: MikroORM inlines parameters into the SQL it sends, so string
 * literals (messages, emails, hashes, sealed secrets) are masked.
 */
export function maskSqlLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "'?'");
}

/**
 * A webhook's or order source's URL may itself be the credential (`hooks.example.com/T0/B0/secret`):
 * an outgoing span keeps the origin only.
 */
function redactedUrl(origin: string): Record<string, string> {
  return { 'url.full': `${origin}/[redacted]`, 'url.path': '/[redacted]', 'url.query': '' };
}

/** The paths probes and scrapers call all day: no trace for them. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export interface TracingOptions {
  /** Replaces the exporters the `OTEL_*` variables configure (tests export to memory). */
  spanProcessors?: sdkTracing.SpanProcessor[];
}

let started: Tracing | null = null;

function parentContext(traceparent: string | null): Context {
  if (traceparent === null) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

function spanHandle(span: Span): TraceSpan {
  return {
    setAttribute: (key, value) => span.setAttribute(key, value),
    fail: (message) => span.setStatus({ code: SpanStatusCode.ERROR, message }),
  };
}

/**
 * Starts the OpenTelemetry SDK: the HTTP server and client, pg, ioredis (BullMQ's Redis) and undici
 * (webhook deliveries) are instrumented. It must run before those libraries are first required,
 * which `register.ts`, the entrypoints' first import, ensures. The exporter, sampler, propagators
 * and resource come from the standard `OTEL_*` variables, read by the SDK itself. Database and
 * Redis commands are traced only inside a traced operation, so the relay's and the worker's polling
 * makes no traces of its own. What leaves the process carries no secret: SQL literals are masked,
 * outgoing URLs cut to their origin, and no header is recorded. Only traces: the service's metrics are Prometheus's (`/metrics`).
 */
export function startTracing(options: TracingOptions = {}): Tracing {
  if (started) return started;
  const sdk = new NodeSDK({
    resource: resources
      .defaultResource()
      .merge(resources.resourceFromAttributes({ 'service.name': 'nebulahex' })),
    spanProcessors: options.spanProcessors,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) =>
          UNTRACED_PATHS.has((request.url ?? '').split('?')[0]) || request.method === 'OPTIONS',
        requireParentforOutgoingSpans: true,
      }),
      new PgInstrumentation({
        requireParentSpan: true,
        ignoreConnectSpans: true,
        requestHook: (span, { query }) => span.setAttribute('db.query.text', maskSqlLiterals(query.text)),
      }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new UndiciInstrumentation({
        requireParentforSpans: true,
        startSpanHook: (request) => redactedUrl(request.origin),
      }),
    ],
  });
  sdk.start();
  const tracer = trace.getTracer('nebulahex');

  started = {
    currentTraceparent() {
      const carrier: { traceparent?: string } = {};
      propagation.inject(context.active(), carrier);
      return carrier.traceparent ?? null;
    },
    inSpan(name, traceparent, attributes, fn) {
      return tracer.startActiveSpan(name, { attributes }, parentContext(traceparent), async (span) => {
        try {
          return await fn(spanHandle(span));
        } catch (error) {
          // Not `recordException`: a database error's message and stack may carry statement values.
          span.setStatus({ code: SpanStatusCode.ERROR, message: safeErrorMessage(error) });
          throw error;
        } finally {
          span.end();
        }
      });
    },
    recordSpan(name, traceparent, startTime, attributes: SpanAttributes) {
      tracer.startSpan(name, { attributes, startTime }, parentContext(traceparent)).end();
    },
    setHttpRoute(route) {
      // The HTTP instrumentation names its server span after this route when the response ends.
      const metadata = core.getRPCMetadata(context.active());
      if (metadata?.type === core.RPCType.HTTP) metadata.route = route;
    },
    async shutdown() {
      await sdk.shutdown();
    },
  };
  installTracing(started);
  return started;
}
