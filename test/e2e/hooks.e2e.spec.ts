import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/ids/ids';
import { EVENT_TYPES, type EventType } from '../../src/modules/events/event-types';
import { DeliveryProcessor } from '../../src/modules/hooks/delivery/delivery-processor';
import { sampleEnvelope } from '../../src/modules/triggers/samples';
import { API_PAGE_EVENT_FIELDS, plainHmacValid } from '../support/oracle';
import { expectError, staysQuiet, until } from '../support/expect';
import { startReceiver, type ReceivedRequest, type Receiver } from '../support/receiver';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/**
 * The webhook API end to end: subscriptions (create, list, get, delete), roles and workspace
 * isolation, the extensions (test, deliveries, retry, rotate-secret), `Retry-After`, trigger samples,
 * and delivery on BullMQ's PostgreSQL backend (no Redis). Real PostgreSQL, Redis and HTTP receivers.
 */

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;

/**
 * The running delivery processor: the worker `BullModule` created for the `@Processor` class, on the
 * expected backend, with the options the configuration gives (a 2 s attempt timeout: a 5 s lease).
 */
function expectDeliveryWorker(api: TestApi, backend: 'RedisQueueBackend' | 'PostgresQueueBackend'): void {
  const { worker } = api.app.get(DeliveryProcessor);
  expect(worker.isRunning()).toBe(true);
  expect(worker.getBackend().constructor.name).toBe(backend);
  expect(worker.concurrency).toBe(api.config.webhookConcurrency);
  expect(worker.opts).toMatchObject({
    lockDuration: 5_000,
    stalledInterval: 5_000,
    maxStalledCount: 100,
    runRetryDelay: 1_000,
  });
}

/** Both receiver-side checks of one delivery with one secret. */
function verifies(secret: string, request: ReceivedRequest): { standard: boolean; plain: boolean } {
  const headers = request.headers as Record<string, string>;
  let standard = true;
  try {
    new Webhook(secret).verify(request.body, headers);
  } catch {
    standard = false;
  }
  return { standard, plain: plainHmacValid(secret, headers['x-nebulahex-signature'], request.body) };
}

/** An error in the envelope; `fields` are the distinct `details[].field`, in any order. */

/** The error body without its per-request id, to compare two errors byte for byte. */
const withoutRequestId = (body: any) => ({ ...body, error: { ...body.error, requestId: undefined } });

/** Test-file helpers bound to one running app. */
function helpers(api: TestApi) {
  const subscribe = async (key: string, event: EventType, targetUrl: string) => {
    const created = await api.call('POST', '/api/v1/hooks', { key, body: { event, targetUrl } });
    expect(created.status, created.text).toBe(201);
    return created.body as { hookId: string; signingSecret: string };
  };
  /** Writes an event into the outbox as the runtime would. */
  const emit = async (workspaceId: string, type: EventType) => {
    const id = newId('event');
    await api.db.query(`INSERT INTO events (id, workspace_id, type, data) VALUES ($1, $2, $3, $4::json)`, [
      id,
      workspaceId,
      type,
      JSON.stringify(sampleEnvelope(type).data),
    ]);
    return id;
  };
  const deliveries = async (key: string, hookId: string, query = '') => {
    const res = await api.call('GET', `/api/v1/hooks/${hookId}/deliveries${query}`, { key });
    expect(res.status, res.text).toBe(200);
    return res.body.deliveries as any[];
  };
  const hook = async (key: string, hookId: string) =>
    (await api.call('GET', `/api/v1/hooks/${hookId}`, { key })).body;
  return { subscribe, emit, deliveries, hook };
}

describe('webhook API (API and worker in one process, real Redis)', () => {
  let api: TestApi;
  let acme: SeededWorkspace;
  let other: SeededWorkspace;
  let receiver: Receiver;
  let h: ReturnType<typeof helpers>;

  beforeAll(async () => {
    api = await startTestApi(
      {
        NHX_WEBHOOK_RETRY_SCHEDULE: '200ms,200ms',
        NHX_WEBHOOK_TIMEOUT_MS: '2000',
        NHX_RATE_LIMIT_PER_MINUTE: '1000000',
      },
      { worker: true },
    );
    acme = await api.createWorkspace('Acme Support');
    other = await api.createWorkspace('Other Co');
    receiver = await startReceiver();
    h = helpers(api);
  });
  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  it('delivers with a BullMQ worker on Redis, started by BullModule for the processor class', () => {
    expectDeliveryWorker(api, 'RedisQueueBackend');
  });

  describe('POST /api/v1/hooks', () => {
    it('201 with the secret shown once; stored sealed; never in list or get', async () => {
      const before = Date.now();
      const res = await api.call('POST', '/api/v1/hooks', {
        key: acme.ownerKey,
        body: { event: 'lead.captured', targetUrl: `${receiver.url}/crm`, description: '  CRM sync ' },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({
        hookId: expect.stringMatching(/^hook_[0-9A-Za-z]{22}$/),
        event: 'lead.captured',
        targetUrl: `${receiver.url}/crm`,
        description: 'CRM sync',
        status: 'active',
        createdAt: expect.stringMatching(ISO_MS),
        signingSecret: expect.stringMatching(SECRET),
      });
      const { hookId, signingSecret, createdAt } = res.body;
      expect(Buffer.from(signingSecret.slice('whsec_'.length), 'base64')).toHaveLength(32);
      expect(Date.parse(createdAt)).toBeGreaterThanOrEqual(before - 1000);

      // stored sealed: neither the secret nor its key bytes appear anywhere in the row
      const [row] = await api.db.query<{ text: string; sealed_secret: string }>(
        `SELECT row_to_json(h)::text AS text, sealed_secret FROM hook_subscriptions h WHERE id = $1`,
        [hookId],
      );
      expect(row.sealed_secret).toBeTruthy();
      expect(row.text).not.toContain(signingSecret);
      expect(row.text).not.toContain(signingSecret.slice('whsec_'.length));
      expect(row.text).not.toContain(
        Buffer.from(signingSecret.slice('whsec_'.length), 'base64').toString('hex'),
      );

      const got = await api.call('GET', `/api/v1/hooks/${hookId}`, { key: acme.ownerKey });
      expect(got.status).toBe(200);
      expect(got.body).toEqual({
        hookId,
        event: 'lead.captured',
        targetUrl: `${receiver.url}/crm`,
        description: 'CRM sync',
        status: 'active',
        pausedAt: null,
        pauseReason: null,
        consecutiveFailures: 0,
        createdAt,
        lastDelivery: null,
      });
      const list = await api.call('GET', '/api/v1/hooks', { key: acme.ownerKey });
      expect(list.status).toBe(200);
      expect(list.body.hooks.find((x: any) => x.hookId === hookId)).toEqual(got.body);
      for (const text of [got.text, list.text]) {
        expect(text).not.toContain('signingSecret');
        expect(text).not.toContain(signingSecret.slice('whsec_'.length));
      }
    });

    const url = 'https://hooks.example.com/nebulahex';
    it.each<[string, Record<string, unknown>, string[]]>([
      ['an unknown event', { event: 'message.deleted', targetUrl: url }, ['event']],
      ['a missing event', { targetUrl: url }, ['event']],
      ['a missing targetUrl', { event: 'message.sent' }, ['targetUrl']],
      ['an empty targetUrl', { event: 'message.sent', targetUrl: '' }, ['targetUrl']],
      ['a blank targetUrl', { event: 'message.sent', targetUrl: '   ' }, ['targetUrl']],
      ['a number as targetUrl', { event: 'message.sent', targetUrl: 42 }, ['targetUrl']],
      [
        'an overlong targetUrl',
        { event: 'message.sent', targetUrl: `${url}/${'a'.repeat(2048)}` },
        ['targetUrl'],
      ],
      [
        'a targetUrl that percent-encodes past 2048 characters',
        { event: 'message.sent', targetUrl: `${url}/${'é'.repeat(600)}` },
        ['targetUrl'],
      ],
      ['a relative targetUrl', { event: 'message.sent', targetUrl: '/hooks/nebulahex' }, ['targetUrl']],
      [
        'a targetUrl without scheme',
        { event: 'message.sent', targetUrl: 'hooks.example.com/x' },
        ['targetUrl'],
      ],
      ['an ftp targetUrl', { event: 'message.sent', targetUrl: 'ftp://hooks.example.com/x' }, ['targetUrl']],
      ['an unknown field', { event: 'message.sent', targetUrl: url, secret: 'whsec_x' }, ['secret']],
      [
        'an overlong description',
        { event: 'message.sent', targetUrl: url, description: 'd'.repeat(501) },
        ['description'],
      ],
      [
        'a NUL in the description',
        { event: 'message.sent', targetUrl: url, description: 'a\u0000b' },
        ['description'],
      ],
    ])('400 validation_failed for %s, and stores nothing', async (_name, body, fields) => {
      const res = await api.call('POST', '/api/v1/hooks', { key: other.ownerKey, body });
      expectError(res, 400, 'validation_failed', fields);
      const [{ n }] = await api.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM hook_subscriptions WHERE workspace_id = $1`,
        [other.workspaceId],
      );
      expect(Number(n)).toBe(0);
    });
  });

  describe('roles, workspace isolation, paging', () => {
    it('agent and viewer get 403 insufficient_role on every hooks route; admin and owner may use them', async () => {
      const hook = await h.subscribe(acme.ownerKey, 'order.lookup', `${receiver.url}/roles`);
      const dlv = newId('delivery');
      const routes: [string, string, unknown?][] = [
        ['GET', '/api/v1/hooks'],
        ['POST', '/api/v1/hooks', { event: 'message.sent', targetUrl: receiver.url }],
        ['GET', `/api/v1/hooks/${hook.hookId}`],
        ['DELETE', `/api/v1/hooks/${hook.hookId}`],
        ['POST', `/api/v1/hooks/${hook.hookId}/resume`, {}],
        ['POST', `/api/v1/hooks/${hook.hookId}/test`],
        ['GET', `/api/v1/hooks/${hook.hookId}/deliveries`],
        ['POST', `/api/v1/hooks/${hook.hookId}/deliveries/${dlv}/retry`],
        ['POST', `/api/v1/hooks/${hook.hookId}/rotate-secret`],
      ];
      for (const role of ['agent', 'viewer'] as const) {
        const member = await api.addMember(acme.workspaceId, role);
        for (const [method, path, body] of routes) {
          const res = await api.call(method, path, { key: member.key, body });
          expectError(res, 403, 'insufficient_role');
        }
      }
      expect((await h.hook(acme.ownerKey, hook.hookId)).status).toBe('active'); // not deleted
      const received = receiver.received.length;
      expect(received).toBe(0); // no test was sent

      const admin = await api.addMember(acme.workspaceId, 'admin');
      for (const key of [admin.key, acme.ownerKey]) {
        const created = await h.subscribe(key, 'message.sent', `${receiver.url}/by-role`);
        const expectations: [string, string, number, unknown?][] = [
          ['GET', '/api/v1/hooks', 200],
          ['GET', `/api/v1/hooks/${created.hookId}`, 200],
          ['POST', `/api/v1/hooks/${created.hookId}/resume`, 200, {}],
          ['POST', `/api/v1/hooks/${created.hookId}/test`, 200],
          ['GET', `/api/v1/hooks/${created.hookId}/deliveries`, 200],
          ['POST', `/api/v1/hooks/${created.hookId}/deliveries/${dlv}/retry`, 404],
          ['POST', `/api/v1/hooks/${created.hookId}/rotate-secret`, 200],
          ['DELETE', `/api/v1/hooks/${created.hookId}`, 204],
        ];
        for (const [method, path, status, body] of expectations) {
          const res = await api.call(method, path, { key, body });
          expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
        }
      }
      expect(receiver.received).toHaveLength(2); // the two tests
      receiver.received.length = 0;
    });

    it('answers 404 for hooks and deliveries of another workspace exactly as for random ids', async () => {
      const target = await startReceiver();
      const theirs = await h.subscribe(other.ownerKey, 'conversation.fallback', target.url);
      await h.emit(other.workspaceId, 'conversation.fallback');
      await target.waitFor(1);
      await until(
        async () => (await h.deliveries(other.ownerKey, theirs.hookId))[0]?.status === 'succeeded',
        'their delivery',
      );
      const [theirDelivery] = await h.deliveries(other.ownerKey, theirs.hookId);
      const mine = await h.subscribe(acme.ownerKey, 'conversation.fallback', target.url);

      const paths = (hookId: string, deliveryId: string): [string, string, unknown?][] => [
        ['GET', `/api/v1/hooks/${hookId}`],
        ['DELETE', `/api/v1/hooks/${hookId}`],
        ['POST', `/api/v1/hooks/${hookId}/resume`, { replay: true }],
        ['POST', `/api/v1/hooks/${hookId}/test`],
        ['GET', `/api/v1/hooks/${hookId}/deliveries`],
        ['POST', `/api/v1/hooks/${hookId}/rotate-secret`],
        ['POST', `/api/v1/hooks/${hookId}/deliveries/${deliveryId}/retry`],
      ];
      const cases: [string, string, string][] = [
        ['their hook', theirs.hookId, theirDelivery.deliveryId],
        ['their delivery under my hook', mine.hookId, theirDelivery.deliveryId],
      ];
      const random = paths(newId('hook'), newId('delivery'));
      const randomDelivery = paths(mine.hookId, newId('delivery'));
      for (const [what, hookId, deliveryId] of cases) {
        const reference = what === 'their hook' ? random : randomDelivery;
        const probes = paths(hookId, deliveryId);
        for (let i = 0; i < probes.length; i += 1) {
          const [method, path, body] = probes[i];
          if (what !== 'their hook' && !path.includes('/retry')) continue;
          const res = await api.call(method, path, { key: acme.ownerKey, body });
          const ref = await api.call(reference[i][0], reference[i][1], { key: acme.ownerKey, body });
          expectError(res, 404, 'not_found');
          expect(withoutRequestId(res.body), `${what}: ${method} ${path}`).toEqual(
            withoutRequestId(ref.body),
          );
        }
      }
      // nothing of theirs changed, nothing was sent by the probes
      expect(await h.hook(other.ownerKey, theirs.hookId)).toMatchObject({ status: 'active' });
      expect(await h.deliveries(other.ownerKey, theirs.hookId)).toEqual([theirDelivery]);
      await staysQuiet(target, 200);
      expect(target.received).toHaveLength(1);
      await target.close();
    });

    it('pages GET /hooks oldest first by cursor', async () => {
      const ws = await api.createWorkspace('Pager');
      const created: string[] = [];
      for (let i = 0; i < 5; i += 1)
        created.push((await h.subscribe(ws.ownerKey, 'message.sent', `${receiver.url}/p${i}`)).hookId);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await api.call('GET', `/api/v1/hooks${query}`, { key: ws.ownerKey });
        expect(res.status, res.text).toBe(200);
        expect(res.body.hooks.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.hooks.map((x: any) => x.hookId));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(created);
      expectError(
        await api.call('GET', '/api/v1/hooks?cursor=bm9wZQ', { key: ws.ownerKey }),
        400,
        'validation_failed',
        ['cursor'],
      );
      expectError(
        await api.call('GET', '/api/v1/hooks?limit=0', { key: ws.ownerKey }),
        400,
        'validation_failed',
        ['limit'],
      );
    });
  });

  describe('DELETE /api/v1/hooks/{hookId}', () => {
    it('204, then 404 for get and delete', async () => {
      const hook = await h.subscribe(acme.ownerKey, 'conversation.resolved', `${receiver.url}/bye`);
      const res = await api.call('DELETE', `/api/v1/hooks/${hook.hookId}`, { key: acme.ownerKey });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectError(
        await api.call('GET', `/api/v1/hooks/${hook.hookId}`, { key: acme.ownerKey }),
        404,
        'not_found',
      );
      expectError(
        await api.call('DELETE', `/api/v1/hooks/${hook.hookId}`, { key: acme.ownerKey }),
        404,
        'not_found',
      );
      const list = await api.call('GET', '/api/v1/hooks', { key: acme.ownerKey });
      expect(list.body.hooks.map((x: any) => x.hookId)).not.toContain(hook.hookId);
    });

    it('drops a delivery whose delayed retry job is already in Redis', async () => {
      // 503 with Retry-After keeps the retry pending for 2 s on this app's 200 ms schedule
      const target = await startReceiver(() => ({ status: 503, headers: { 'retry-after': '2' } }));
      const hook = await h.subscribe(acme.ownerKey, 'conversation.resolved', target.url);
      await h.emit(acme.workspaceId, 'conversation.resolved');
      await target.waitFor(1);
      await until(
        async () => (await h.deliveries(acme.ownerKey, hook.hookId))[0]?.attemptCount === 1,
        'the retry scheduled',
      );
      expect((await api.call('DELETE', `/api/v1/hooks/${hook.hookId}`, { key: acme.ownerKey })).status).toBe(
        204,
      );
      const [{ n }] = await api.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM deliveries WHERE hook_id = $1`,
        [hook.hookId],
      );
      expect(Number(n)).toBe(0);
      await staysQuiet(target, 2600);
      expect(target.received).toHaveLength(1);
      await target.close();
    });
  });

  describe('POST /api/v1/hooks/{hookId}/test', () => {
    it('sends a signed sample now and reports what the receiver said; logs nothing', async () => {
      const target = await startReceiver(() => ({ status: 200, body: '{"received":true}' }));
      const hook = await h.subscribe(acme.ownerKey, 'conversation.escalation', `${target.url}/test`);
      const res = await api.call('POST', `/api/v1/hooks/${hook.hookId}/test`, { key: acme.ownerKey });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        delivered: true,
        statusCode: 200,
        latencyMs: expect.any(Number),
        responseSnippet: '{"received":true}',
        error: null,
      });
      expect(res.body.latencyMs).toBeGreaterThanOrEqual(0);
      const [request] = await target.waitFor(1);
      expect(request.url).toBe('/test');
      const envelope = JSON.parse(request.body);
      expect(envelope).toEqual(res.body.payload);
      expect(Object.keys(envelope)).toEqual(['id', 'type', 'createdAt', 'workspaceId', 'data']);
      expect(envelope).toMatchObject({ type: 'conversation.escalation', workspaceId: acme.workspaceId });
      expect(envelope.id).toMatch(/^evt_/);
      expect(request.headers['webhook-id']).toBe(envelope.id);
      expect(request.headers['x-nebulahex-event']).toBe('conversation.escalation');
      expect(request.headers['x-nebulahex-delivery']).toMatch(/^dlv_/);
      expect(new Webhook(hook.signingSecret).verify(request.body, request.headers as any)).toEqual(envelope);
      expect(verifies(hook.signingSecret, request)).toEqual({ standard: true, plain: true });
      expect(res.body.requestHeaders['webhook-signature']).toBe(request.headers['webhook-signature']);

      target.respondWith(() => ({ status: 500, body: 'kaput' }));
      const failed = await api.call('POST', `/api/v1/hooks/${hook.hookId}/test`, { key: acme.ownerKey });
      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({
        delivered: false,
        statusCode: 500,
        responseSnippet: 'kaput',
        error: 'HTTP 500',
      });
      expect(target.received).toHaveLength(2);
      const [{ n }] = await api.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM deliveries WHERE hook_id = $1`,
        [hook.hookId],
      );
      expect(Number(n)).toBe(0);
      expect(await h.hook(acme.ownerKey, hook.hookId)).toMatchObject({
        status: 'active',
        consecutiveFailures: 0,
        lastDelivery: null,
      });
      await target.close();
    });
  });

  describe('deliveries log and retry', () => {
    it('lists every attempt per delivery, filters by status, pages by cursor; retries failed and succeeded deliveries', async () => {
      const ws = await api.createWorkspace('Log');
      const target = await startReceiver((_request, index) =>
        index === 0 ? { status: 500, body: 'first one fails' } : { status: 200 },
      );
      const hook = await h.subscribe(ws.ownerKey, 'order.lookup', target.url);
      const events = [];
      for (let i = 0; i < 3; i += 1) events.push(await h.emit(ws.workspaceId, 'order.lookup'));
      await until(
        async () => (await h.deliveries(ws.ownerKey, hook.hookId, '?status=succeeded')).length === 3,
        'three succeeded deliveries',
      );
      const all = await h.deliveries(ws.ownerKey, hook.hookId);
      expect(new Set(all.map((d) => d.eventId))).toEqual(new Set(events));
      const retried = all.find((d) => d.attemptCount === 2);
      expect(retried.attempts).toEqual([
        {
          attempt: 1,
          startedAt: expect.stringMatching(ISO_MS),
          statusCode: 500,
          latencyMs: expect.any(Number),
          responseSnippet: 'first one fails',
          error: 'HTTP 500',
          succeeded: false,
        },
        expect.objectContaining({ attempt: 2, statusCode: 200, succeeded: true, error: null }),
      ]);
      expect(all.filter((d) => d.attemptCount === 1)).toHaveLength(2);
      for (const d of all) {
        expect(d).toMatchObject({ eventType: 'order.lookup', status: 'succeeded', nextAttemptAt: null });
        expect(d.attempts).toHaveLength(d.attemptCount);
      }

      // exhausting a delivery's attempts fails it and pauses the hook
      target.respondWith(() => ({ status: 502, body: 'down' }));
      const failedEvent = await h.emit(ws.workspaceId, 'order.lookup');
      await until(async () => (await h.hook(ws.ownerKey, hook.hookId)).status === 'paused', 'pause');
      const [failed] = await h.deliveries(ws.ownerKey, hook.hookId, '?status=failed');
      expect(failed).toMatchObject({
        eventId: failedEvent,
        status: 'failed',
        attemptCount: 3,
        lastStatusCode: 502,
      });
      expect(failed.attempts.map((a: any) => a.statusCode)).toEqual([502, 502, 502]);
      expect(await h.deliveries(ws.ownerKey, hook.hookId, '?status=pending')).toEqual([]);
      expect(await h.deliveries(ws.ownerKey, hook.hookId, '?status=succeeded')).toHaveLength(3);

      // cursor paging, newest first, every delivery once
      const seen: any[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await api.call('GET', `/api/v1/hooks/${hook.hookId}/deliveries${query}`, {
          key: ws.ownerKey,
        });
        expect(res.status).toBe(200);
        seen.push(...res.body.deliveries);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.map((d) => d.deliveryId)).toEqual(
        (await h.deliveries(ws.ownerKey, hook.hookId)).map((d) => d.deliveryId),
      );
      expect(seen).toHaveLength(4);
      expect(seen[0].deliveryId).toBe(failed.deliveryId);
      for (const bad of ['?status=nope', '?status=', '?limit=101', '?cursor=%%%']) {
        const res = await api.call('GET', `/api/v1/hooks/${hook.hookId}/deliveries${bad}`, {
          key: ws.ownerKey,
        });
        expect(res.status, `${bad}: ${res.text}`).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
      expectError(
        await api.call('GET', `/api/v1/hooks/${hook.hookId}/deliveries?status=nope`, { key: ws.ownerKey }),
        400,
        'validation_failed',
        ['status'],
      );

      // retry: 409 while the hook is paused
      const retry = (deliveryId: string) =>
        api.call('POST', `/api/v1/hooks/${hook.hookId}/deliveries/${deliveryId}/retry`, { key: ws.ownerKey });
      expectError(await retry(failed.deliveryId), 409, 'conflict');
      const sent = target.received.length;
      const resumed = await api.call('POST', `/api/v1/hooks/${hook.hookId}/resume`, { key: ws.ownerKey });
      expect(resumed.body.status).toBe('active');
      await staysQuiet(target, 300); // resume without replay sends nothing
      expect(target.received).toHaveLength(sent);

      // retry a failed delivery: sent again with the same event id, a fresh schedule
      target.respondWith(() => ({ status: 200 }));
      const accepted = await retry(failed.deliveryId);
      expect(accepted.status, accepted.text).toBe(202);
      expect(accepted.body).toEqual({ deliveryId: failed.deliveryId, status: 'pending' });
      const again = (await target.waitFor(sent + 1))[sent];
      expect(again.headers['webhook-id']).toBe(failedEvent);
      expect(again.headers['x-nebulahex-delivery']).toBe(failed.deliveryId);
      expect(verifies(hook.signingSecret, again)).toEqual({ standard: true, plain: true });
      await until(
        async () => (await h.deliveries(ws.ownerKey, hook.hookId, '?status=failed')).length === 0,
        'the retried delivery to succeed',
      );
      const [redone] = (await h.deliveries(ws.ownerKey, hook.hookId)).filter(
        (d) => d.deliveryId === failed.deliveryId,
      );
      expect(redone).toMatchObject({ status: 'succeeded', attemptCount: 4, lastStatusCode: 200 });
      expect(redone.attempts.map((a: any) => [a.attempt, a.succeeded])).toEqual([
        [1, false],
        [2, false],
        [3, false],
        [4, true],
      ]);

      // retry a succeeded delivery
      const ok = all[0];
      expect((await retry(ok.deliveryId)).status).toBe(202);
      const replayed = (await target.waitFor(sent + 2))[sent + 1];
      expect(replayed.headers['webhook-id']).toBe(ok.eventId);
      await staysQuiet(target, 300);
      expect(target.received).toHaveLength(sent + 2);
      expectError(await retry('dlv_nope'), 404, 'not_found');
      await target.close();
    });

    it('honours Retry-After on 429 (next attempt about 2 s later, not on the 200 ms schedule); 409 while pending', async () => {
      const ws = await api.createWorkspace('Slow down');
      const target = await startReceiver((_request, index) =>
        index === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: 'slow down' } : { status: 200 },
      );
      const hook = await h.subscribe(ws.ownerKey, 'conversation.fallback', target.url);
      const eventId = await h.emit(ws.workspaceId, 'conversation.fallback');
      await target.waitFor(1);
      await until(
        async () => (await h.deliveries(ws.ownerKey, hook.hookId))[0]?.attemptCount === 1,
        'the first attempt logged',
      );
      const [pending] = await h.deliveries(ws.ownerKey, hook.hookId);
      expect(pending).toMatchObject({ status: 'pending', lastStatusCode: 429 });
      const due = Date.parse(pending.nextAttemptAt) - Date.parse(pending.attempts[0].startedAt);
      expect(due).toBeGreaterThanOrEqual(1900);
      const conflict = await api.call(
        'POST',
        `/api/v1/hooks/${hook.hookId}/deliveries/${pending.deliveryId}/retry`,
        { key: ws.ownerKey },
      );
      expectError(conflict, 409, 'conflict');
      const [first, second] = await target.waitFor(2, 10_000);
      expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(1900);
      expect(second.headers['webhook-id']).toBe(eventId);
      await until(
        async () => (await h.deliveries(ws.ownerKey, hook.hookId))[0]?.status === 'succeeded',
        'success',
      );
      await target.close();
    });
  });

  describe('POST /api/v1/hooks/{hookId}/rotate-secret', () => {
    it('signs with both secrets during the overlap, and only the new one after it', async () => {
      const ws = await api.createWorkspace('Rotate');
      const target = await startReceiver();
      const hook = await h.subscribe(ws.ownerKey, 'lead.captured', target.url);
      const before = Date.now();
      const res = await api.call('POST', `/api/v1/hooks/${hook.hookId}/rotate-secret`, { key: ws.ownerKey });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({
        hookId: hook.hookId,
        signingSecret: expect.stringMatching(SECRET),
        previousSecretExpiresAt: expect.stringMatching(ISO_MS),
      });
      const fresh = res.body.signingSecret as string;
      expect(fresh).not.toBe(hook.signingSecret);
      const overlap = Date.parse(res.body.previousSecretExpiresAt) - before;
      expect(overlap).toBeGreaterThan(24 * 3600_000 - 60_000);
      expect(overlap).toBeLessThan(24 * 3600_000 + 60_000);
      const got = await api.call('GET', `/api/v1/hooks/${hook.hookId}`, { key: ws.ownerKey });
      expect(got.text).not.toContain(fresh.slice('whsec_'.length));
      const [row] = await api.db.query<{ text: string }>(
        `SELECT row_to_json(h)::text AS text FROM hook_subscriptions h WHERE id = $1`,
        [hook.hookId],
      );
      expect(row.text).not.toContain(fresh.slice('whsec_'.length));
      expect(row.text).not.toContain(hook.signingSecret.slice('whsec_'.length));

      await h.emit(ws.workspaceId, 'lead.captured');
      const [during] = await target.waitFor(1);
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifies(fresh, during)).toEqual({ standard: true, plain: true });
      expect(verifies(hook.signingSecret, during)).toEqual({ standard: true, plain: true });

      await api.db.query(
        `UPDATE hook_subscriptions SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
        [hook.hookId],
      );
      await h.emit(ws.workspaceId, 'lead.captured');
      const after = (await target.waitFor(2))[1];
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verifies(fresh, after)).toEqual({ standard: true, plain: true });
      expect(verifies(hook.signingSecret, after)).toEqual({ standard: false, plain: false });
      await target.close();
    });
  });

  describe('GET /api/v1/triggers/samples', () => {
    it('one sample per event type with exactly the documented fields and the caller’s workspace; any role', async () => {
      for (const role of ['viewer', 'agent', 'admin'] as const) {
        const member = await api.addMember(acme.workspaceId, role);
        const res = await api.call('GET', '/api/v1/triggers/samples', { key: member.key });
        expect(res.status, `${role}: ${res.text}`).toBe(200);
      }
      const viewer = await api.addMember(other.workspaceId, 'viewer');
      const res = await api.call('GET', '/api/v1/triggers/samples', { key: viewer.key });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['samples']);
      const samples = res.body.samples as { event: EventType; payload: any }[];
      expect(samples.map((s) => s.event)).toEqual([...EVENT_TYPES]);
      for (const { event, payload } of samples) {
        expect(Object.keys(payload), event).toEqual(['id', 'type', 'createdAt', 'workspaceId', 'data']);
        expect(payload.id).toMatch(/^evt_[0-9A-Za-z]{22}$/);
        expect(payload.type).toBe(event);
        expect(payload.createdAt).toMatch(ISO_MS);
        expect(payload.workspaceId).toBe(other.workspaceId);
        expect(Object.keys(payload.data).sort(), event).toEqual([...API_PAGE_EVENT_FIELDS[event]].sort());
        expect(payload.data.conversationId).toMatch(/^cnv_/);
        expect(payload.data.botId).toMatch(/^bot_/);
      }
      expect(new Set(samples.map((s) => s.payload.id)).size).toBe(EVENT_TYPES.length);

      const one = await api.call('GET', '/api/v1/triggers/samples?event=lead.captured', { key: viewer.key });
      expect(one.status).toBe(200);
      expect(one.body.samples).toEqual([samples.find((s) => s.event === 'lead.captured')]);
      expectError(
        await api.call('GET', '/api/v1/triggers/samples?event=nope', { key: viewer.key }),
        400,
        'validation_failed',
        ['event'],
      );
      expectError(await api.call('GET', '/api/v1/triggers/samples'), 401, 'unauthorized');
    });
  });
});

describe('webhook API with a strict target policy (NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS=false, API only)', () => {
  let api: TestApi;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    api = await startTestApi({
      NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false',
      NHX_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    ws = await api.createWorkspace();
  });
  afterAll(async () => {
    await api?.close();
  });

  it.each([
    'http://hooks.example.com/nebulahex',
    'https://127.0.0.1/hook',
    'https://127.1/hook',
    'https://2130706433/hook',
    'https://0x7f.0.0.1/hook',
    'https://0177.0.0.1/hook',
    'https://localhost/hook',
    'https://hooks.localhost/hook',
    'https://0.0.0.0/hook',
    'https://10.1.2.3/hook',
    'https://172.16.0.1/hook',
    'https://192.168.1.20/hook',
    'https://100.64.0.1/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:a9fe:a9fe]/hook',
    'https://[fe80::1]/hook',
    'https://[64:ff9b::a00:1]/hook',
    'https://[::127.0.0.1]/hook',
    'https://[::a9fe:a9fe]/latest/meta-data/',
    'https://[::ffff:0:a9fe:a9fe]/hook',
    'https://[64:ff9b:1::a9fe:a9fe]/hook',
    'https://[2002:a9fe:a9fe::1]/hook',
    'https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook',
    'https://[fec0::1]/hook',
    'https://192.0.2.10/hook',
    'https://user:pass@hooks.example.com/hook',
  ])('refuses %s at creation with 400 naming targetUrl', async (targetUrl) => {
    const res = await api.call('POST', '/api/v1/hooks', {
      key: ws.ownerKey,
      body: { event: 'message.sent', targetUrl },
    });
    expectError(res, 400, 'validation_failed', ['targetUrl']);
  });

  it('accepts an https URL on a public-looking host', async () => {
    const res = await api.call('POST', '/api/v1/hooks', {
      key: ws.ownerKey,
      body: { event: 'message.sent', targetUrl: 'https://Hooks.Example.com/nebulahex?team=support' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      status: 'active',
      targetUrl: 'https://hooks.example.com/nebulahex?team=support',
    });
    const [{ n }] = await api.db.query<{ n: string }>(`SELECT count(*) AS n FROM hook_subscriptions`);
    expect(Number(n)).toBe(1);
  });
});

describe('webhook delivery without Redis (BullMQ on PostgreSQL), with a slower retry schedule', () => {
  let api: TestApi;
  let ws: SeededWorkspace;
  let h: ReturnType<typeof helpers>;
  let botId: string;

  beforeAll(async () => {
    api = await startTestApi(
      {
        REDIS_URL: '',
        NHX_WEBHOOK_RETRY_SCHEDULE: '1500ms,1500ms',
        NHX_WEBHOOK_TIMEOUT_MS: '2000',
        NHX_RATE_LIMIT_PER_MINUTE: '1000000',
      },
      { worker: true },
    );
    expect(api.config.redisUrl).toBeNull();
    ws = await api.createWorkspace();
    botId = (await api.createBot(ws.workspaceId, 'Help center bot')).id;
    h = helpers(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('delivers with a BullMQ worker on PostgreSQL, started by BullModule for the processor class', () => {
    expectDeliveryWorker(api, 'PostgresQueueBackend');
  });

  it("delivers an action's message.sent, retrying a 500 then succeeding", async () => {
    const target = await startReceiver((_request, index) =>
      index === 0 ? { status: 500, body: 'boom' } : { status: 200 },
    );
    const hook = await h.subscribe(ws.ownerKey, 'message.sent', target.url);
    const conversation = await api.createConversation(ws.workspaceId, botId);
    const sent = await api.call('POST', '/api/v1/actions/send-message', {
      key: ws.ownerKey,
      body: { conversationId: conversation.id, message: 'Hi — Sarah from Support here.' },
    });
    expect(sent.status, sent.text).toBe(201);
    const [first, second] = await target.waitFor(2);
    expect(second.body).toBe(first.body);
    const envelope = JSON.parse(second.body);
    expect(envelope).toMatchObject({
      type: 'message.sent',
      workspaceId: ws.workspaceId,
      data: { channel: 'api', messageId: sent.body.messageId, conversationId: conversation.id, botId },
    });
    expect(verifies(hook.signingSecret, second)).toEqual({ standard: true, plain: true });
    await until(
      async () => (await h.deliveries(ws.ownerKey, hook.hookId))[0]?.status === 'succeeded',
      'success',
    );
    const [delivery] = await h.deliveries(ws.ownerKey, hook.hookId);
    expect(delivery.attempts.map((a: any) => a.statusCode)).toEqual([500, 200]);
    const [{ n }] = await api.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = 'bullmq'`,
    );
    expect(Number(n)).toBe(1);
    await target.close();
  });

  it('deleting a subscription with pending deliveries stops them: nothing more reaches the receiver', async () => {
    const target = await startReceiver(() => ({ status: 500, body: 'not yet' }));
    const hook = await h.subscribe(ws.ownerKey, 'conversation.escalation', target.url);
    await h.emit(ws.workspaceId, 'conversation.escalation');
    await h.emit(ws.workspaceId, 'conversation.escalation');
    await target.waitFor(2);
    await until(async () => {
      const list = await h.deliveries(ws.ownerKey, hook.hookId, '?status=pending');
      return list.length === 2 && list.every((d) => d.attemptCount === 1);
    }, 'two deliveries waiting for their retry');
    const res = await api.call('DELETE', `/api/v1/hooks/${hook.hookId}`, { key: ws.ownerKey });
    expect(res.status).toBe(204);
    const [{ n }] = await api.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM deliveries WHERE hook_id = $1`,
      [hook.hookId],
    );
    expect(Number(n)).toBe(0);
    await staysQuiet(target, 2500); // past the retry schedule's 1.5 s (+20 % jitter)
    expect(target.received).toHaveLength(2);
    const [{ attempts }] = await api.db.query<{ attempts: string }>(
      `SELECT count(*) AS attempts FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.hook_id = $1`,
      [hook.hookId],
    );
    expect(Number(attempts)).toBe(0);
    await target.close();
  });
});
