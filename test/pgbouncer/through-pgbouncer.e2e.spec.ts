import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LISTENER_APPLICATION_NAME } from '../../src/core/database/pg-notifications';
import { DELIVERY_QUEUE } from '../../src/modules/hooks/delivery/delivery-queue';
import { until } from '../support/expect';
import { pgbouncerAdmin } from '../support/pgbouncer';
import { startReceiver, type Receiver } from '../support/receiver';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

interface ClientRow {
  database: string;
  application_name: string;
}

/**
 * The all-in-one process with no Redis (so BullMQ runs on its PostgreSQL backend) behind the
 * suite's transaction-mode PgBouncer: the ORM's traffic goes through the pooler, and what needs a
 * session (the LISTEN connection, BullMQ's backend, migrations) goes straight to PostgreSQL.
 */
describe('behind PgBouncer in transaction mode (DATABASE_URL pooled, DATABASE_DIRECT_URL direct)', () => {
  let api: TestApi;
  let ws: SeededWorkspace;
  let receiver: Receiver;
  const poolerUrl = inject('poolerUrl') as string;
  const admin = <T>(command: string) => pgbouncerAdmin<T>(poolerUrl, command);

  beforeAll(async () => {
    api = await startTestApi(
      { REDIS_URL: '', NHX_WEBHOOK_RETRY_SCHEDULE: '200ms', NHX_WEBHOOK_TIMEOUT_MS: '2000' },
      { worker: true },
    );
    ws = await api.createWorkspace();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  it('runs on two URLs: the pooler for the ORM, PostgreSQL itself for sessions', () => {
    expect(new URL(api.config.databaseUrl).port).toBe(new URL(poolerUrl).port);
    expect(api.db.directUrl).toBeDefined();
    expect(api.config.databaseDirectUrl).toBe(api.db.directUrl);
    expect(new URL(api.config.databaseDirectUrl).port).not.toBe(new URL(poolerUrl).port);
    expect(api.config.redisUrl).toBeNull();
  });

  it('delivers a webhook for an action, with the API and the worker in transaction pooling', async () => {
    const before = await transactionsThroughPooler(api.db.name);
    const bot = await api.createBot(ws.workspaceId, 'Pooled bot');
    const conversation = await api.createConversation(ws.workspaceId, bot.id);
    const hook = await api.call('POST', '/api/v1/hooks', {
      key: ws.ownerKey,
      body: { event: 'message.sent', targetUrl: `${receiver.url}/pooled` },
    });
    expect(hook.status, hook.text).toBe(201);
    const sent = await api.call('POST', '/api/v1/actions/send-message', {
      key: ws.ownerKey,
      body: { conversationId: conversation.id, message: 'Through the pooler' },
    });
    expect(sent.status, sent.text).toBe(201);

    const [delivery] = await receiver.waitFor(1);
    expect(JSON.parse(delivery.body)).toMatchObject({
      type: 'message.sent',
      data: { messageId: (sent.body as { messageId: string }).messageId, channel: 'api' },
    });
    await until(
      async () =>
        (await api.db.query<{ status: string }>(`SELECT status FROM deliveries`))[0]?.status === 'succeeded',
      'the delivery recorded as succeeded',
    );
    // the request, its outbox write, the relay's claims and the attempt's records all went through it
    expect(await transactionsThroughPooler(api.db.name)).toBeGreaterThan(before + 3);
  });

  it('keeps the LISTEN connection and BullMQ off the pooler, on PostgreSQL directly', async () => {
    const clients = (await admin<ClientRow>('SHOW CLIENTS')).filter((c) => c.database === api.db.name);
    const viaPooler = new Set(clients.map((c) => c.application_name));
    const sessions = await api.db.query<{ application_name: string }>(
      `SELECT application_name FROM pg_stat_activity WHERE datname = current_database()`,
    );
    const direct = sessions.map((s) => s.application_name);

    expect(direct).toContain(LISTENER_APPLICATION_NAME);
    expect(viaPooler.has(LISTENER_APPLICATION_NAME)).toBe(false);
    // BullMQ names its worker's LISTEN connection after the queue
    expect(direct.some((name) => name.includes(DELIVERY_QUEUE))).toBe(true);
    expect([...viaPooler].some((name) => name.includes(DELIVERY_QUEUE))).toBe(false);
  });

  async function transactionsThroughPooler(database: string): Promise<number> {
    const stats = await admin<{ database: string; total_xact_count: string }>('SHOW STATS');
    return Number(stats.find((row) => row.database === database)?.total_xact_count ?? 0);
  }
});
