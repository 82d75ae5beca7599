import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/ids/ids';
import { until } from '../support/expect';
import { captureLogs } from '../support/logs';
import { startReceiver, type Receiver } from '../support/receiver';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

describe('operations: readiness, metrics, logs, request hygiene', () => {
  let api: TestApi;
  let ws: SeededWorkspace;
  const logs = captureLogs('info');

  beforeAll(async () => {
    api = await startTestApi({ NHX_RATE_LIMIT_PER_MINUTE: '3' }, { logger: logs.logger });
    ws = await api.createWorkspace();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('is ready when the database and Redis answer', async () => {
    const res = await api.call('GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('logs one JSON line per request with its request id, workspace, key and latency, and no key material', async () => {
    const requestId = 'log-check-4711';
    const res = await api.call('GET', '/api/v1/bots', {
      key: ws.ownerKey,
      headers: { 'x-request-id': requestId },
    });
    expect(res.status).toBe(200);
    // A key put in the query string (refused: 400) does not reach the log either.
    await api.call('GET', `/api/v1/bots?access_token=${ws.ownerKey}`, { key: ws.ownerKey });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = logs.lines.find((l) => l.includes(requestId));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      level: 30,
      msg: 'request',
      requestId,
      method: 'GET',
      route: '/api/v1/bots',
      path: '/api/v1/bots',
      status: 200,
      latencyMs: expect.any(Number),
      workspaceId: ws.workspaceId,
      keyId: ws.ownerKeyId,
    });
    const secretPart = ws.ownerKey.slice('nhx_sk_'.length);
    expect(logs.lines.join('\n')).not.toContain(secretPart);

    // A failed authentication is logged without the key that failed.
    const bad = `nhx_sk_${'Z'.repeat(32)}ZZZZZZ`;
    await api.call('GET', '/api/v1/auth/me', { key: bad, headers: { 'x-request-id': 'log-check-4712' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.parse(logs.lines.find((l) => l.includes('log-check-4712'))!)).toMatchObject({ status: 401 });
    expect(logs.lines.join('\n')).not.toContain('Z'.repeat(32));
  });

  it('answers body errors on action routes in the envelope, readable cross-origin', async () => {
    const cases: [string, Record<string, string>, string, number, string][] = [
      ['{"conversationId": ', { 'content-type': 'application/json' }, '', 400, 'malformed_json'],
      [
        'conversationId=x',
        { 'content-type': 'application/x-www-form-urlencoded' },
        '',
        415,
        'unsupported_media_type',
      ],
      [
        JSON.stringify({ conversationId: 'x'.repeat(1024 * 1024) }),
        { 'content-type': 'application/json' },
        '',
        413,
        'payload_too_large',
      ],
    ];
    for (const [rawBody, headers, , status, code] of cases) {
      const res = await api.call('POST', '/api/v1/actions/send-message', {
        key: ws.ownerKey,
        rawBody,
        headers: { ...headers, origin: 'https://app.example.com', 'idempotency-key': `body-${code}` },
      });
      expect(res.status, code).toBe(status);
      expect(res.body).toEqual({
        error: { code, message: expect.any(String), requestId: res.headers.get('x-request-id'), details: [] },
      });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('exposes Prometheus metrics: request durations by route and status, and rate-limit rejections', async () => {
    const key = (await api.issueKey(ws.ownerMemberId)).key as string;
    for (let i = 0; i < 5; i += 1) await api.call('GET', '/api/v1/auth/me', { key });
    const res = await api.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('ratelimit')).toBeNull();
    const text = res.text;
    expect(text).toMatch(/^# TYPE nhx_http_request_duration_seconds histogram$/m);
    expect(text).toMatch(
      /^nhx_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/auth\/me",status_code="200"\} [3-9]\d*$/m,
    );
    expect(text).toMatch(
      /^nhx_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/v1\/auth\/me",status_code="429"\} 2$/m,
    );
    expect(text).toMatch(/^nhx_rate_limit_rejections_total\{policy="default"\} 2$/m);
    // Read from PostgreSQL at scrape time: nothing waits in this database.
    expect(text).toMatch(/^nhx_outbox_lag_seconds 0$/m);
    expect(text).toMatch(/^nhx_deliveries_due 0$/m);
    expect(text).toMatch(/^nhx_subscriptions_paused 0$/m);
    expect(text).toMatch(/^nhx_process_cpu_user_seconds_total /m);
  });
});

describe('readiness without Redis', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ REDIS_URL: '' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('checks the database only', async () => {
    const res = await api.call('GET', '/readyz');
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up' } });
  });
});

describe('all-in-one without Redis (BullMQ on PostgreSQL)', () => {
  let api: TestApi;
  let ws: SeededWorkspace;
  let receiver: Receiver;

  beforeAll(async () => {
    api = await startTestApi({ REDIS_URL: '', NHX_WEBHOOK_RETRY_SCHEDULE: '1h' }, { worker: true });
    ws = await api.createWorkspace();
    receiver = await startReceiver(() => ({ status: 500 }));
  });
  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  it('checks the queue and the LISTEN connection too, and reports the queue by state after a failed attempt', async () => {
    await until(async () => (await api.call('GET', '/readyz')).status === 200, 'ready');
    expect((await api.call('GET', '/readyz')).body).toEqual({
      status: 'ok',
      checks: { database: 'up', queue: 'up', listen: 'up' },
    });
    const hook = await api.call('POST', '/api/v1/hooks', {
      key: ws.ownerKey,
      body: { event: 'conversation.fallback', targetUrl: receiver.url },
    });
    expect(hook.status).toBe(201);
    await api.db.query(
      `INSERT INTO events (id, workspace_id, type, data) VALUES ($1, $2, 'conversation.fallback', '{}'::json)`,
      [newId('event'), ws.workspaceId],
    );
    await receiver.waitFor(1);
    let text = '';
    await until(async () => {
      text = (await api.call('GET', '/metrics')).text;
      // The second attempt waits an hour as a delayed job in the `bullmq` schema; it is scheduled
      // while the first job is still active, so wait for that one to finish too.
      return (
        /^nhx_queue_depth\{queue="webhook-deliveries",state="delayed"\} 1$/m.test(text) &&
        /^nhx_queue_depth\{queue="webhook-deliveries",state="active"\} 0$/m.test(text)
      );
    }, 'the next attempt delayed in the queue and the first job done');
    expect(text).toMatch(/^nhx_webhook_deliveries_total\{outcome="retry_scheduled"\} 1$/m);
    expect(text).toMatch(/^nhx_queue_depth\{queue="webhook-deliveries",state="active"\} 0$/m);
    expect(text).toMatch(/^nhx_queue_depth\{queue="webhook-deliveries",state="waiting"\} 0$/m);
    expect(text).toMatch(/^nhx_webhook_attempt_duration_seconds_count 1$/m);
    // Pending, but not due for an hour: not a reason to scale.
    expect(text).toMatch(/^nhx_deliveries_due 0$/m);
  }, 60_000);
});

describe('graceful shutdown', () => {
  let api: TestApi;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await api.createWorkspace();
  });

  it('lets an in-flight request finish, then stops accepting', async () => {
    const body = JSON.stringify({ name: 'created while closing' });
    const { port } = new URL(api.baseUrl);
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/auth/keys',
          headers: {
            authorization: `Bearer ${ws.ownerKey}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      // Half the body now: the request is in flight when the shutdown begins.
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 300);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = api.close();
    const answered = await response;
    const answeredAt = Date.now();
    await closing;
    // The kept-alive connection was closed with the answer, so the shutdown did not wait on it.
    expect(Date.now() - answeredAt).toBeLessThan(2_000);
    expect(answered.status).toBe(201);
    expect(JSON.parse(answered.body)).toMatchObject({
      name: 'created while closing',
      key: expect.any(String),
    });
    await expect(fetch(`${api.baseUrl}/healthz`)).rejects.toThrow();
  });
});
