import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { until } from '../support/expect';
import { httpClient } from '../support/http';
import {
  cleanEnv,
  freePort,
  type ManagedProcess,
  Processes,
  ROOT,
  secretKey,
  waitForHealthy,
} from '../support/processes';
import { startReceiver, type ReceivedRequest, type Receiver } from '../support/receiver';
import { deleteRedisKeys } from '../support/test-app';

/**
 * OpenTelemetry tracing of the built API and worker processes: one trace from the request that
 * writes an event to the receiver of its webhook, and nothing of OpenTelemetry loaded when tracing
 * is off. Each process is preloaded with `test/support/tracing-probe.js`, which reports over IPC
 * what the process loaded and (with `TRACING_PROBE=memory`) the spans an in-memory exporter got.
 */

const PROBE = join(ROOT, 'test', 'support', 'tracing-probe.js');
const SPAN_KIND = { SERVER: 1, CLIENT: 2 };

interface ProbeSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  attributes: Record<string, unknown>;
}

interface ProbeReport {
  /** The `@opentelemetry/*` packages the process has loaded. */
  openTelemetryPackages: string[];
  pgPatched: boolean | null;
  spans: ProbeSpan[];
}

function report(process: ManagedProcess): Promise<ProbeReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no probe report: ${process.describe()}`)), 5_000);
    process.child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as ProbeReport);
    });
    process.child.send('report');
  });
}

/** The spans of `process` once `check` holds for them. */
async function spansWhen(
  process: ManagedProcess,
  check: (spans: ProbeSpan[]) => boolean,
  what: string,
): Promise<ProbeSpan[]> {
  let spans: ProbeSpan[] = [];
  await until(async () => check((spans = (await report(process)).spans)), what, 60_000);
  return spans;
}

function parseTraceparent(value: string): { traceId: string; spanId: string } {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(value);
  expect(match, `traceparent ${value}`).not.toBeNull();
  return { traceId: match![1], spanId: match![2] };
}

const redisPrefix = `nhx-test-${randomBytes(6).toString('hex')}`;

describe('tracing (built processes)', () => {
  const processes = new Processes();
  let db: TestDatabase;
  let receiver: Receiver;
  const key = secretKey();
  let ownerKey: string;
  let botId: string;

  const env = (set: Record<string, string> = {}) =>
    cleanEnv({
      DATABASE_URL: db.url,
      NHX_SECRET_KEY: key,
      REDIS_URL: inject('redisUrl'),
      NHX_REDIS_PREFIX: redisPrefix,
      NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...set,
    });

  /** API and worker, both preloaded with the probe; `set` adds to their environment. */
  async function startPair(set: Record<string, string> = {}) {
    const port = await freePort();
    const api = processes.spawn('main.js', [], env({ PORT: String(port), ...set }), { preload: PROBE });
    const worker = processes.spawn('worker.js', [], env(set), { preload: PROBE });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealthy(baseUrl, api);
    return { api, worker, call: httpClient(baseUrl) };
  }

  /** Subscribes to `message.sent`, sends a message through the API; returns the request that delivered it. */
  async function sendAndReceive(call: ReturnType<typeof httpClient>, path: string): Promise<ReceivedRequest> {
    const hook = await call('POST', '/api/v1/hooks', {
      key: ownerKey,
      body: { event: 'message.sent', targetUrl: `${receiver.url}${path}` },
    });
    expect(hook.status).toBe(201);
    const session = await call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {} });
    expect(session.status).toBe(201);
    const sent = await call('POST', '/api/v1/actions/send-message', {
      key: ownerKey,
      body: { conversationId: session.body.conversationId, message: 'Tracing, one hop at a time.' },
    });
    expect(sent.status).toBe(201);
    let delivered: ReceivedRequest | undefined;
    await until(
      () => {
        delivered = receiver.received.find(
          (request) => request.url === path && JSON.parse(request.body).data.channel === 'api',
        );
        return delivered !== undefined;
      },
      'the delivery of the API message',
      60_000,
    );
    return delivered!;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startReceiver();
    const created = await processes.cli(
      ['workspace', 'create', '--name', 'Traced', '--owner-email', 'trace@acme.example'],
      env(),
    );
    expect(created.code, created.stderr).toBe(0);
    const workspace = JSON.parse(created.stdout);
    ownerKey = workspace.apiKey.key;
    const bot = await processes.cli(
      ['bot', 'create', '--workspace', workspace.workspace.id, '--name', 'Helper'],
      env(),
    );
    expect(bot.code, bot.stderr).toBe(0);
    botId = JSON.parse(bot.stdout).bot.id;
  });

  afterEach(async () => {
    await processes.stopAll();
  });

  afterAll(async () => {
    await processes.stopAll();
    await receiver?.close();
    await db?.drop();
    await deleteRedisKeys(inject('redisUrl'), redisPrefix);
  });

  it('carries one trace id from send-message through the events insert, the relay and the attempt to the receiver', async () => {
    const { api, worker, call } = await startPair({ TRACING_PROBE: 'memory' });
    const delivered = await sendAndReceive(call, '/traced');

    // The receiver got the W3C header; its parent is the worker's HTTP client span.
    const received = parseTraceparent(String(delivered.headers.traceparent));
    const eventId: string = JSON.parse(delivered.body).id;
    const deliveryId = String(delivered.headers['x-nebulahex-delivery']);

    // The event row keeps the trace of the request that wrote it.
    const [row] = await db.query<{ traceparent: string }>(`SELECT traceparent FROM events WHERE id = $1`, [
      eventId,
    ]);
    const stored = parseTraceparent(row.traceparent);
    expect(stored.traceId).toBe(received.traceId);

    // API: the HTTP server span of send-message is the stored parent, and the INSERT is its child.
    const apiSpans = await spansWhen(
      api,
      (spans) => spans.some((span) => span.spanId === stored.spanId),
      'the API request span',
    );
    const request = apiSpans.find((span) => span.spanId === stored.spanId)!;
    expect(request).toMatchObject({ kind: SPAN_KIND.SERVER, traceId: received.traceId, parentSpanId: null });
    expect(request.name).toBe('POST /api/v1/actions/send-message');
    expect(request.attributes['http.route']).toBe('/api/v1/actions/send-message');
    const insert = apiSpans.find(
      (span) =>
        span.traceId === received.traceId &&
        String(span.attributes['db.statement'] ?? span.attributes['db.query.text']).includes(
          'INSERT INTO events',
        ),
    );
    expect(insert, JSON.stringify(apiSpans.map((span) => span.name))).toBeDefined();
    expect(insert!.parentSpanId).toBe(request.spanId);
    expect(insert!.attributes['db.system'] ?? insert!.attributes['db.system.name']).toBe('postgresql');

    // Worker: the relay and the attempt continue the request's trace; the attempt's HTTP client
    // span is the receiver's parent.
    const workerSpans = await spansWhen(
      worker,
      (spans) => spans.some((span) => span.spanId === received.spanId),
      'the worker HTTP client span',
    );
    const relay = workerSpans.find(
      (span) => span.name === 'outbox relay' && span.attributes['nhx.event.id'] === eventId,
    );
    expect(relay).toMatchObject({ traceId: received.traceId, parentSpanId: stored.spanId });
    expect(relay!.attributes['nhx.relay.subscriptions']).toBe(1);
    const attempt = workerSpans.find(
      (span) => span.name === 'webhook attempt' && span.attributes['nhx.delivery.id'] === deliveryId,
    );
    expect(attempt).toMatchObject({ traceId: received.traceId, parentSpanId: stored.spanId });
    expect(attempt!.attributes).toMatchObject({
      'nhx.delivery.attempt': 1,
      'nhx.event.id': eventId,
      'http.response.status_code': 200,
    });
    const client = workerSpans.find((span) => span.spanId === received.spanId)!;
    expect(client).toMatchObject({
      kind: SPAN_KIND.CLIENT,
      traceId: received.traceId,
      parentSpanId: attempt!.spanId,
    });
    // The target URL may be a credential: the span keeps its origin only.
    expect(client.attributes['url.full']).toBe(`${receiver.url}/[redacted]`);
    expect(JSON.stringify(client.attributes)).not.toContain('/traced');
  }, 120_000);

  it('with tracing off, loads no OpenTelemetry SDK, stores no trace and sends no traceparent', async () => {
    const { api, worker, call } = await startPair();
    const delivered = await sendAndReceive(call, '/untraced');

    expect(delivered.headers.traceparent).toBeUndefined();
    expect(delivered.headers['x-nebulahex-delivery']).toMatch(/^dlv_/);
    const [row] = await db.query<{ traceparent: string | null }>(
      `SELECT traceparent FROM events WHERE id = $1`,
      [JSON.parse(delivered.body).id],
    );
    expect(row.traceparent).toBeNull();
    // Only the API package, which prom-client loads for its exemplars whether or not tracing is on:
    // with no SDK registered, it is a no-op. No SDK, exporter or instrumentation is loaded.
    for (const process of [api, worker]) {
      expect(await report(process)).toEqual({
        openTelemetryPackages: ['@opentelemetry/api'],
        pgPatched: false,
        spans: [],
      });
    }
  }, 120_000);

  it('with an OTLP endpoint configured, starts the SDK before pg is loaded and exports to the endpoint', async () => {
    const collector = await startReceiver(() => ({ status: 200 }));
    try {
      const port = await freePort();
      const api = processes.spawn(
        'main.js',
        [],
        env({
          PORT: String(port),
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          OTEL_BSP_SCHEDULE_DELAY: '50',
        }),
        { preload: PROBE },
      );
      const call = httpClient(`http://127.0.0.1:${port}`);
      await waitForHealthy(`http://127.0.0.1:${port}`, api);
      expect((await call('GET', '/api/v1/auth/me', { key: ownerKey })).status).toBe(200);

      const loaded = await report(api);
      expect(loaded.openTelemetryPackages).toEqual(
        expect.arrayContaining([
          '@opentelemetry/sdk-node',
          '@opentelemetry/instrumentation-http',
          '@opentelemetry/instrumentation-pg',
          '@opentelemetry/instrumentation-ioredis',
          '@opentelemetry/instrumentation-undici',
        ]),
      );
      expect(loaded.pgPatched).toBe(true);
      // The default OTLP exporter: protobuf over HTTP, to the standard path under the endpoint.
      await until(
        () => collector.received.some((request) => request.body.includes('/api/v1/auth/me')),
        'the export of the request span',
        60_000,
      );
      for (const exported of collector.received) {
        expect(exported).toMatchObject({ method: 'POST', url: '/v1/traces' });
        expect(exported.headers['content-type']).toBe('application/x-protobuf');
      }
      const body = collector.received.map((request) => request.body).join('\n');
      // The health probes it polled are not traced.
      expect(body).not.toContain('/healthz');
      // The key lookup is traced with its literal masked: MikroORM inlines parameters into SQL.
      expect(body).toContain("WHERE k.key_hash = '?'");
      expect(body).not.toContain(createHash('sha256').update(ownerKey).digest('hex'));
    } finally {
      await collector.close();
    }
  }, 120_000);
});
