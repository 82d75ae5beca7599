import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../../src/common/ids/ids';
import { until } from '../support/expect';
import { httpClient } from '../support/http';
import { freePort, Processes, waitForHealthy, type ManagedProcess } from '../support/processes';
import { startReceiver, type Receiver } from '../support/receiver';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { deleteRedisKeys, startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/**
 * The worker as ops run it: `dist/worker.js` processes with their probe port, beside an API in this
 * process. Every figure is read after real work: a delivery to a real receiver, events written and
 * left unrelayed, deliveries made due through the API.
 */

/** The value of one series in Prometheus text (`labels` exactly as exposed), or null when absent. */
function sample(text: string, name: string, labels = ''): number | null {
  const prefix = `${name}${labels ? `{${labels}}` : ''} `;
  const line = text.split('\n').find((candidate) => candidate.startsWith(prefix));
  return line === undefined ? null : Number(line.slice(prefix.length));
}

describe('a standalone worker as an operated process', () => {
  const processes = new Processes();
  let api: TestApi;
  let ws: SeededWorkspace;
  let receiver: Receiver;
  let hookId: string;
  let proxy: TcpProxy | null = null;

  const workerEnv = (port: number, extra: Record<string, string> = {}) =>
    api.processEnv({ NHX_WORKER_PORT: String(port), HOST: '127.0.0.1', ...extra });

  /** A worker with its probe port; resolves once `/readyz` answers 200. */
  const startWorker = async (extra: Record<string, string> = {}) => {
    const port = await freePort();
    const worker = processes.spawn('worker.js', [], workerEnv(port, extra));
    const url = `http://127.0.0.1:${port}`;
    await waitForHealthy(url, worker);
    const call = httpClient(url);
    await until(async () => (await call('GET', '/readyz')).status === 200, 'the worker ready', 30_000);
    return { worker, url, call };
  };

  const apiMetrics = async () => (await api.call('GET', '/metrics')).text;

  /** One `conversation.fallback` event, written as an action would. */
  const emit = async (): Promise<string> => {
    const id = newId('event');
    await api.db.query(
      `INSERT INTO events (id, workspace_id, type, data)
       VALUES ($1, $2, 'conversation.fallback', '{"conversationId":"cnv_x"}'::json)`,
      [id, ws.workspaceId],
    );
    return id;
  };

  const subscribe = async (target: Receiver): Promise<string> => {
    const created = await api.call('POST', '/api/v1/hooks', {
      key: ws.ownerKey,
      body: { event: 'conversation.fallback', targetUrl: target.url },
    });
    expect(created.status).toBe(201);
    return created.body.hookId as string;
  };

  const lastLogLine = (worker: ManagedProcess) =>
    JSON.parse(worker.stdout.trim().split('\n').at(-1) ?? '{}') as { msg?: string; level?: number };

  beforeAll(async () => {
    api = await startTestApi();
    ws = await api.createWorkspace();
    receiver = await startReceiver();
    hookId = await subscribe(receiver);
  });
  afterEach(async () => {
    await processes.stopAll();
    await proxy?.close();
    proxy = null;
  });
  afterAll(async () => {
    await processes.stopAll();
    await receiver?.close();
    await api?.close();
    await deleteRedisKeys(inject('redisUrl'), api.config.redisPrefix);
  });

  it('serves /healthz, /readyz (database, Redis, queue, LISTEN) and its own metrics with what it delivered', async () => {
    const { call } = await startWorker();
    expect((await call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await call('GET', '/readyz');
    expect(ready.body).toEqual({
      status: 'ok',
      checks: { database: 'up', redis: 'up', queue: 'up', listen: 'up' },
    });

    const before = (await call('GET', '/metrics')).text;
    expect(sample(before, 'nhx_webhook_deliveries_total', 'outcome="delivered"')).toBeNull();
    expect(sample(before, 'nhx_webhook_attempt_duration_seconds_count')).toBe(0);

    const eventId = await emit();
    await receiver.waitFor(1);
    expect(JSON.parse(receiver.received[0].body).id).toBe(eventId);
    let text = '';
    await until(async () => {
      text = (await call('GET', '/metrics')).text;
      // The attempt is counted before BullMQ marks its job completed: wait for both.
      return (
        sample(text, 'nhx_webhook_deliveries_total', 'outcome="delivered"') === 1 &&
        sample(text, 'nhx_queue_depth', 'queue="webhook-deliveries",state="active"') === 0
      );
    }, 'the delivery counted on the worker and its job done');
    expect(sample(text, 'nhx_webhook_attempt_duration_seconds_count')).toBe(1);
    expect(sample(text, 'nhx_webhook_attempt_duration_seconds_sum')).toBeGreaterThan(0);
    expect(sample(text, 'nhx_webhook_attempt_duration_seconds_bucket', 'le="+Inf"')).toBe(1);
    // BullMQ's counts: the job completed and was removed, nothing waits.
    for (const state of ['waiting', 'delayed', 'active']) {
      expect(sample(text, 'nhx_queue_depth', `queue="webhook-deliveries",state="${state}"`)).toBe(0);
    }
    // The gauges read from PostgreSQL are on the worker too.
    expect(sample(text, 'nhx_outbox_lag_seconds')).toBe(0);
    expect(sample(text, 'nhx_deliveries_due')).toBe(0);
    // The API ran no attempt: it counts none.
    expect(sample(await apiMetrics(), 'nhx_webhook_deliveries_total', 'outcome="delivered"')).toBeNull();

    // A receiver that answers 410: counted as `gone`, and the subscription is paused for every process.
    const gone = await startReceiver(() => ({ status: 410 }));
    const goneHook = await subscribe(gone);
    await emit();
    await gone.waitFor(1);
    // The event goes to both subscriptions, in either order, and each outcome is counted, timed
    // and (for the 410) written as a pause a moment apart: wait for all of it.
    await until(async () => {
      text = (await call('GET', '/metrics')).text;
      return (
        sample(text, 'nhx_webhook_deliveries_total', 'outcome="gone"') === 1 &&
        sample(text, 'nhx_webhook_deliveries_total', 'outcome="delivered"') === 2 &&
        sample(text, 'nhx_webhook_attempt_duration_seconds_count') === 3 &&
        sample(text, 'nhx_subscriptions_paused') === 1
      );
    }, 'both outcomes counted and the 410 subscription paused');
    expect(sample(text, 'nhx_webhook_deliveries_total', 'outcome="delivered"')).toBe(2);
    expect(sample(text, 'nhx_webhook_attempt_duration_seconds_count')).toBe(3);
    expect(sample(text, 'nhx_subscriptions_paused')).toBe(1);
    expect(sample(await apiMetrics(), 'nhx_subscriptions_paused')).toBe(1);
    await api.call('DELETE', `/api/v1/hooks/${goneHook}`, { key: ws.ownerKey });
    await gone.close();
    expect(sample(await apiMetrics(), 'nhx_subscriptions_paused')).toBe(0);

    const unknown = await call('GET', '/api/v1/bots');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'not_found' });
  }, 120_000);

  it("the API's gauges: outbox lag and deliveries due follow the state, with no worker and then with one", async () => {
    const received = receiver.received.length;
    // No worker runs: two events wait to be relayed, and the lag grows with the oldest one's age.
    const writtenAt = Date.now();
    await emit();
    await emit();
    let text = '';
    await until(async () => {
      text = await apiMetrics();
      return sample(text, 'nhx_outbox_lag_seconds')! >= 1;
    }, 'an outbox lag of a second');
    expect(sample(text, 'nhx_outbox_lag_seconds')).toBeLessThanOrEqual((Date.now() - writtenAt) / 1000 + 1);
    expect(sample(text, 'nhx_deliveries_due')).toBe(0);
    expect(sample(text, 'nhx_subscriptions_paused')).toBe(0);

    const { worker } = await startWorker();
    await receiver.waitFor(received + 2);
    await until(async () => sample(await apiMetrics(), 'nhx_outbox_lag_seconds') === 0, 'no outbox lag');
    await worker.stop();

    // The API makes both deliveries due again; with no worker, they stay due.
    const list = await api.call('GET', `/api/v1/hooks/${hookId}/deliveries`, { key: ws.ownerKey });
    const latest = list.body.deliveries.slice(0, 2) as { deliveryId: string; status: string }[];
    expect(latest.map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
    for (const delivery of latest) {
      const retried = await api.call(
        'POST',
        `/api/v1/hooks/${hookId}/deliveries/${delivery.deliveryId}/retry`,
        {
          key: ws.ownerKey,
        },
      );
      expect(retried.status).toBe(202);
    }
    text = await apiMetrics();
    expect(sample(text, 'nhx_deliveries_due')).toBe(2);
    expect(sample(text, 'nhx_outbox_lag_seconds')).toBe(0);

    await startWorker();
    await receiver.waitFor(received + 4);
    await until(async () => sample(await apiMetrics(), 'nhx_deliveries_due') === 0, 'no delivery due');
  }, 120_000);

  it("answers 503 naming the database while the worker's database is cut, and recovers", async () => {
    const server = new URL(api.db.url);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const { call } = await startWorker({ DATABASE_URL: proxy.through(api.db.url) });
    await proxy.cut();
    let down: { status: number; body: any } = { status: 0, body: null };
    await until(async () => {
      down = await call('GET', '/readyz');
      return down.status === 503;
    }, 'readiness down');
    expect(down.body).toMatchObject({ status: 'unavailable', checks: { database: 'down', redis: 'up' } });
    // The process stays up and still answers liveness and metrics.
    expect((await call('GET', '/healthz')).status).toBe(200);
    expect((await call('GET', '/metrics')).status).toBe(200);
    await proxy.restore();
    await until(async () => (await call('GET', '/readyz')).status === 200, 'readiness back', 30_000);
  }, 120_000);

  it('SIGTERM with an attempt in flight: the attempt finishes, then the worker exits 0', async () => {
    const slow = await startReceiver(() => ({ status: 200, delayMs: 1_500 }));
    const slowHook = await subscribe(slow);
    const { worker } = await startWorker({ NHX_SHUTDOWN_TIMEOUT_MS: '15000' });
    await emit();
    await slow.waitFor(1);
    worker.child.kill('SIGTERM');
    const exit = await worker.exitWithin(15_000);
    expect(exit, worker.describe()).toEqual({ code: 0, signal: null });
    expect(lastLogLine(worker)).toMatchObject({ msg: 'worker stopped' });
    const [delivery] = await api.db.query<{ status: string; attempts: number }>(
      `SELECT status, (SELECT count(*)::int FROM delivery_attempts a WHERE a.delivery_id = d.id) AS attempts
         FROM deliveries d WHERE hook_id = $1`,
      [slowHook],
    );
    expect(delivery).toEqual({ status: 'succeeded', attempts: 1 });
    await api.call('DELETE', `/api/v1/hooks/${slowHook}`, { key: ws.ownerKey });
    await slow.close();
  }, 120_000);

  it('SIGTERM with an attempt held open past the shutdown timeout: released, exit 0, delivered by another worker', async () => {
    let hold = true;
    const held = await startReceiver(() => (hold ? { status: 200, delayMs: 60_000 } : { status: 200 }));
    const heldHook = await subscribe(held);
    const { worker } = await startWorker({
      NHX_SHUTDOWN_TIMEOUT_MS: '2000',
      NHX_WEBHOOK_TIMEOUT_MS: '30000',
    });
    const eventId = await emit();
    await held.waitFor(1);
    hold = false;
    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    const exit = await worker.exitWithin(10_000);
    const stoppedInMs = Date.now() - signalledAt;
    expect(exit, worker.describe()).toEqual({ code: 0, signal: null });
    expect(stoppedInMs).toBeLessThan(2_000 + 1_500);
    expect(lastLogLine(worker)).toMatchObject({ msg: 'worker stopped' });
    // Released unrecorded: still pending at attempt 1, no lease, no attempt logged.
    const [released] = await api.db.query<{ status: string; attempt_count: number; lease_until: unknown }>(
      `SELECT status, attempt_count, lease_until FROM deliveries WHERE hook_id = $1`,
      [heldHook],
    );
    expect(released).toEqual({ status: 'pending', attempt_count: 0, lease_until: null });

    await startWorker();
    await held.waitFor(2, 30_000);
    expect(held.received.map((r) => JSON.parse(r.body).id)).toEqual([eventId, eventId]);
    await until(
      async () =>
        (
          await api.db.query(`SELECT 1 FROM deliveries WHERE hook_id = $1 AND status = 'succeeded'`, [
            heldHook,
          ])
        ).length === 1,
      'the delivery recorded as succeeded',
    );
    console.log(`SIGTERM with an attempt held open: stopped in ${stoppedInMs} ms (timeout 2000 ms)`);
    await held.close();
  }, 120_000);
});
