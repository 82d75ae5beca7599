import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../../src/common/ids/ids';
import { EVENT_TYPES, type EventType } from '../../src/modules/events/event-types';
import { RetentionJob } from '../../src/modules/hooks/delivery/retention-job';
import { sampleEnvelope } from '../../src/modules/triggers/samples';
import { API_PAGE_EVENT_FIELDS, plainHmacValid } from '../support/oracle';
import { startReceiver, type Receiver } from '../support/receiver';
import { staysQuiet, until } from '../support/expect';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

describe('webhooks: subscriptions and delivery (API and worker in one process, real Redis)', () => {
  let api: TestApi;
  let ws: SeededWorkspace;
  let receiver: Receiver;
  let botId: string;

  beforeAll(async () => {
    api = await startTestApi(
      { NHX_WEBHOOK_RETRY_SCHEDULE: '200ms,200ms', NHX_WEBHOOK_TIMEOUT_MS: '2000' },
      { worker: true },
    );
    ws = await api.createWorkspace();
    botId = (await api.createBot(ws.workspaceId, 'Help center bot')).id;
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  const subscribe = async (event: EventType, targetUrl: string, key = ws.ownerKey) => {
    const created = await api.call('POST', '/api/v1/hooks', { key, body: { event, targetUrl } });
    expect(created.status, created.text).toBe(201);
    return created.body as { hookId: string; signingSecret: string };
  };

  /** Writes an event into the outbox as the runtime would (for the bot-side event types). */
  const emitDirectly = async (type: EventType) => {
    const id = newId('event');
    await api.db.query(`INSERT INTO events (id, workspace_id, type, data) VALUES ($1, $2, $3, $4::json)`, [
      id,
      ws.workspaceId,
      type,
      JSON.stringify(sampleEnvelope(type).data),
    ]);
    return id;
  };

  it('delivers every event type, signed so that both verifiers accept it and a tampered body fails both', async () => {
    const target = await startReceiver();
    const secrets = new Map<string, string>();
    for (const type of EVENT_TYPES)
      secrets.set(type, (await subscribe(type, `${target.url}/hooks/${type}`)).signingSecret);
    const conversation = await api.createConversation(ws.workspaceId, botId, { status: 'open' });
    const act = (path: string, body: object) =>
      api.call('POST', `/api/v1/actions/${path}`, { key: ws.ownerKey, body });
    expect(
      (await act('send-message', { conversationId: conversation.id, message: 'Hi — Sarah here.' })).status,
    ).toBe(201);
    expect(
      (
        await act('create-lead', {
          conversationId: conversation.id,
          capturedFields: { email: 'dana@example.com' },
        })
      ).status,
    ).toBe(201);
    expect((await act('resolve-conversation', { conversationId: conversation.id })).status).toBe(200);
    for (const type of ['order.lookup', 'conversation.fallback', 'conversation.escalation'] as const)
      await emitDirectly(type);

    const received = await target.waitFor(EVENT_TYPES.length);
    expect(new Set(received.map((r) => r.headers['x-nebulahex-event']))).toEqual(new Set(EVENT_TYPES));
    for (const request of received) {
      const type = request.headers['x-nebulahex-event'] as EventType;
      const secret = secrets.get(type)!;
      const envelope = JSON.parse(request.body);
      expect(request.url).toBe(`/hooks/${type}`);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['user-agent']).toBe('NebulaHex-Webhooks/1');
      expect(request.headers['x-nebulahex-delivery']).toMatch(/^dlv_/);
      expect(request.headers['webhook-id']).toBe(envelope.id);
      expect(Object.keys(envelope)).toEqual(['id', 'type', 'createdAt', 'workspaceId', 'data']);
      expect(envelope).toMatchObject({ type, workspaceId: ws.workspaceId });
      expect(Object.keys(envelope.data)).toEqual(API_PAGE_EVENT_FIELDS[type]);
      const headers = request.headers as Record<string, string>;
      expect(new Webhook(secret).verify(request.body, headers)).toEqual(envelope);
      expect(plainHmacValid(secret, headers['x-nebulahex-signature'], request.body)).toBe(true);
      const tampered = request.body.replace(ws.workspaceId, 'ws_someoneelse00000000000');
      expect(() => new Webhook(secret).verify(tampered, headers)).toThrow();
      expect(plainHmacValid(secret, headers['x-nebulahex-signature'], tampered)).toBe(false);
    }
    // API-injected messages are delivered with channel "api"
    const sent = received.find((r) => r.headers['x-nebulahex-event'] === 'message.sent')!;
    expect(JSON.parse(sent.body).data).toMatchObject({
      channel: 'api',
      conversationId: conversation.id,
      botId,
    });
    // each delivery exactly once
    await staysQuiet(target, 500);
    expect(target.received).toHaveLength(EVENT_TYPES.length);
    await target.close();
  });

  it('retries 500, 500 then delivers on the third attempt, logging the three attempts', async () => {
    const target = await startReceiver((_request, index) =>
      index < 2 ? { status: 500, body: 'boom' } : { status: 204 },
    );
    const hook = await subscribe('conversation.fallback', target.url);
    await emitDirectly('conversation.fallback');
    await target.waitFor(3);
    await until(async () => {
      const list = await api.call('GET', `/api/v1/hooks/${hook.hookId}/deliveries`, { key: ws.ownerKey });
      return list.body.deliveries[0]?.status === 'succeeded';
    }, 'the delivery recorded as succeeded');
    const list = await api.call('GET', `/api/v1/hooks/${hook.hookId}/deliveries`, { key: ws.ownerKey });
    const [delivery] = list.body.deliveries;
    expect(delivery).toMatchObject({
      status: 'succeeded',
      attemptCount: 3,
      lastStatusCode: 204,
      nextAttemptAt: null,
    });
    expect(delivery.attempts.map((a: any) => [a.attempt, a.statusCode, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 204, true],
    ]);
    expect(delivery.attempts[0]).toMatchObject({ responseSnippet: 'boom', error: 'HTTP 500' });
    expect(target.received[2].receivedAt - target.received[0].receivedAt).toBeGreaterThanOrEqual(300);
    const detail = await api.call('GET', `/api/v1/hooks/${hook.hookId}`, { key: ws.ownerKey });
    expect(detail.body).toMatchObject({
      status: 'active',
      consecutiveFailures: 0,
      lastDelivery: { status: 'succeeded' },
    });
    await target.close();
  });

  it('pauses the subscription when attempts are exhausted, sends nothing while paused, and resume re-activates (and replays)', async () => {
    const target = await startReceiver(() => ({ status: 503 }));
    const hook = await subscribe('conversation.escalation', target.url);
    await emitDirectly('conversation.escalation');
    await target.waitFor(3);
    await until(
      async () =>
        (await api.call('GET', `/api/v1/hooks/${hook.hookId}`, { key: ws.ownerKey })).body.status ===
        'paused',
      'the subscription paused',
    );
    const paused = (await api.call('GET', `/api/v1/hooks/${hook.hookId}`, { key: ws.ownerKey })).body;
    expect(paused.pauseReason).toMatch(/failed 3 attempts/);
    expect(paused.pausedAt).toEqual(expect.any(String));
    expect(paused.consecutiveFailures).toBe(3);

    await emitDirectly('conversation.escalation'); // missed while paused
    await staysQuiet(target, 1500);

    target.respondWith(() => ({ status: 200 }));
    const resumed = await api.call('POST', `/api/v1/hooks/${hook.hookId}/resume`, {
      key: ws.ownerKey,
      body: { replay: true },
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({
      status: 'active',
      pausedAt: null,
      pauseReason: null,
      consecutiveFailures: 0,
    });
    // replayed: the delivery that exhausted its attempts, and the event missed while paused
    const received = await target.waitFor(5);
    expect(new Set(received.slice(3).map((r) => JSON.parse(r.body).id)).size).toBe(2);
    await until(async () => {
      const list = await api.call('GET', `/api/v1/hooks/${hook.hookId}/deliveries`, { key: ws.ownerKey });
      return list.body.deliveries.every((d: any) => d.status === 'succeeded');
    }, 'every delivery recorded as succeeded');
    const list = await api.call('GET', `/api/v1/hooks/${hook.hookId}/deliveries`, { key: ws.ownerKey });
    expect(list.body.deliveries.map((d: any) => d.attemptCount).sort()).toEqual([1, 4]);
    await target.close();
  });

  it('a job failed by the database stores a safe reason in the queue, and is retried until it succeeds', async () => {
    const secretAnswer = 'receiver-secret-7f3a9c';
    const target = await startReceiver(() => ({ status: 200, body: `{"token":"${secretAnswer}"}` }));
    const hook = await subscribe('conversation.resolved', target.url);
    // The success record fails while the trigger is in place: the statement carries the answer.
    await api.db.query(`CREATE FUNCTION refuse_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'attempt refused'; END $$`);
    await api.db.query(`CREATE TRIGGER refuse_attempt BEFORE INSERT ON delivery_attempts FOR EACH ROW
      WHEN (NEW.response_snippet LIKE '%${secretAnswer}%') EXECUTE FUNCTION refuse_attempt()`);
    const redis = new Redis(inject('redisUrl'));
    try {
      await emitDirectly('conversation.resolved');
      await target.waitFor(1);
      const deliveries = async () =>
        (await api.call('GET', `/api/v1/hooks/${hook.hookId}/deliveries`, { key: ws.ownerKey })).body
          .deliveries;
      const [{ deliveryId }] = await deliveries();
      const jobKey = `{${api.config.redisPrefix}}:webhook-deliveries:${deliveryId}-1`;
      let failed: Record<string, string> = {};
      await until(async () => {
        failed = await redis.hgetall(jobKey);
        return Boolean(failed.failedReason);
      }, 'the job failed once');
      expect(failed.failedReason).toMatch(/^database error P0001/);
      expect(JSON.stringify(failed)).not.toContain(secretAnswer);
      expect(JSON.stringify(failed)).not.toMatch(/delivery_attempts|json_to_recordset/);

      await api.db.query(`DROP TRIGGER refuse_attempt ON delivery_attempts`);
      await until(async () => (await deliveries())[0]?.status === 'succeeded', 'the retried job succeeded');
      expect(target.received.length).toBeGreaterThanOrEqual(2);
    } finally {
      redis.disconnect();
      await api.db.query(`DROP TRIGGER IF EXISTS refuse_attempt ON delivery_attempts`);
      await api.db.query(`DROP FUNCTION refuse_attempt()`);
      await target.close();
    }
  });

  it('the retention job deletes idempotency keys after 24 hours and relayed events (with their deliveries) after 30 days', async () => {
    const hook = await subscribe('order.lookup', receiver.url);
    const events = { old: newId('event'), recent: newId('event') };
    for (const [id, age] of [
      [events.old, '30 days 1 minute'],
      [events.recent, '29 days 23 hours'],
    ]) {
      await api.db.query(
        `INSERT INTO events (id, workspace_id, type, data, created_at, relayed_at)
         VALUES ($1, $2, 'order.lookup', $3::json, now() - $4::interval, now() - $4::interval)`,
        [id, ws.workspaceId, JSON.stringify(sampleEnvelope('order.lookup').data), age],
      );
      await api.db.query(
        `INSERT INTO deliveries (id, workspace_id, hook_id, event_id, status, completed_at)
         VALUES ($1, $2, $3, $4, 'succeeded', now())`,
        [newId('delivery'), ws.workspaceId, hook.hookId, id],
      );
    }
    for (const [key, age] of [
      ['expired-key', '24 hours 1 minute'],
      ['live-key', '23 hours 59 minutes'],
    ]) {
      await api.db.query(
        `INSERT INTO idempotency_keys (api_key_id, key, fingerprint, created_at) VALUES ($1, $2, 'f', now() - $3::interval)`,
        [ws.ownerKeyId, key, age],
      );
    }

    await api.app.get(RetentionJob).purge();

    const left = async (sql: string, params: unknown[]) =>
      (await api.db.query<{ id: string }>(sql, params)).map((r) => r.id);
    expect(await left(`SELECT id FROM events WHERE id = ANY($1)`, [Object.values(events)])).toEqual([
      events.recent,
    ]);
    expect(await left(`SELECT event_id AS id FROM deliveries WHERE hook_id = $1`, [hook.hookId])).toEqual([
      events.recent,
    ]);
    expect(
      await left(`SELECT key AS id FROM idempotency_keys WHERE api_key_id = $1`, [ws.ownerKeyId]),
    ).toEqual(['live-key']);
  });

  it('pauses at once on 410 Gone', async () => {
    const target = await startReceiver(() => ({ status: 410 }));
    const hook = await subscribe('order.lookup', target.url);
    await emitDirectly('order.lookup');
    await target.waitFor(1);
    await until(
      async () =>
        (await api.call('GET', `/api/v1/hooks/${hook.hookId}`, { key: ws.ownerKey })).body.status ===
        'paused',
      'the subscription paused',
    );
    const detail = await api.call('GET', `/api/v1/hooks/${hook.hookId}`, { key: ws.ownerKey });
    expect(detail.body.pauseReason).toMatch(/410 Gone/);
    await staysQuiet(target, 800);
    expect(target.received).toHaveLength(1);
    await target.close();
  });
});
