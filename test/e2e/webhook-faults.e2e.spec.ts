import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/ids/ids';
import { startReceiver, type Receiver } from '../support/receiver';
import { until } from '../support/expect';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/**
 * Faults, with the production worker (`dist/worker.js`) as separate processes: SIGKILL mid-delivery,
 * Redis stopped and restarted, two workers, 1,000 events. Each case prints its counts.
 */

const WORKER = resolve(__dirname, '..', '..', 'dist', 'worker.js');
const TIMEOUT_MS = 1000;

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A private Redis server (the machine's `redis-server`), so stopping it disturbs nothing else. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const deadline = Date.now() + 5000;
  for (;;) {
    const up = await new Promise<boolean>((done) => {
      const probe = connect(port, '127.0.0.1', () => {
        probe.end();
        done(true);
      }).on('error', () => done(false));
    });
    if (up) return child;
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stop = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill(signal);
  });

describe('webhook delivery under faults (separate worker processes)', () => {
  let api: TestApi;
  let ws: SeededWorkspace;
  let redisPort: number;
  let redis: ChildProcess;
  const workers: ChildProcess[] = [];

  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, [WORKER], {
      env: api.processEnv({
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        NHX_WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
        NHX_WORKER_PORT: '0',
        NHX_WEBHOOK_RETRY_SCHEDULE: '200ms,200ms,200ms,200ms,200ms',
        LOG_LEVEL: 'warn',
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    api = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    ws = await api.createWorkspace();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => stop(worker)));
    // Each case starts with only its own subscription: an earlier case's points at a receiver that
    // is gone, and its failing deliveries would only add noise (and retries) to the next case.
    await api.db.query(`DELETE FROM hook_subscriptions WHERE workspace_id = $1`, [ws.workspaceId]);
  });
  afterAll(async () => {
    await api?.close();
    if (redis) await stop(redis);
  });

  const subscribe = async (receiver: Receiver) => {
    const created = await api.call('POST', '/api/v1/hooks', {
      key: ws.ownerKey,
      body: { event: 'conversation.fallback', targetUrl: receiver.url },
    });
    expect(created.status).toBe(201);
    return created.body.hookId as string;
  };

  /** `count` events in separate small transactions, as actions would write them. */
  const emit = async (count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => newId('event'));
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      await api.db.query(
        `INSERT INTO events (id, workspace_id, type, data)
         SELECT id, $2, 'conversation.fallback', '{"conversationId":"cnv_x"}'::json FROM unnest($1::text[]) AS id`,
        [batch, ws.workspaceId],
      );
    }
    return ids;
  };

  const deliveredIds = (receiver: Receiver) => receiver.received.map((r) => JSON.parse(r.body).id as string);

  it('one worker, then two: 1,000 events each, none lost, duplicates counted', async () => {
    const receiver = await startReceiver();
    const hookId = await subscribe(receiver);
    startWorker();
    const first = await emit(1000);
    const started = Date.now();
    await until(() => new Set(deliveredIds(receiver)).size >= 1000, '1,000 deliveries by one worker', 60_000);
    const oneWorkerRate = Math.round(1000 / ((Date.now() - started) / 1000));

    startWorker();
    await new Promise((r) => setTimeout(r, 1500)); // let the second worker boot
    const second = await emit(1000);
    await until(() => new Set(deliveredIds(receiver)).size >= 2000, '2,000 deliveries', 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    const ids = deliveredIds(receiver);
    const unique = new Set(ids);
    for (const id of [...first, ...second]) expect(unique.has(id)).toBe(true);
    const duplicates = ids.length - unique.size;
    console.log(
      `one worker: ${oneWorkerRate} deliveries/s; 2,000 events: ${unique.size} delivered, ${duplicates} duplicates (at-least-once)`,
    );
    const [{ n }] = await api.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries WHERE hook_id = $1 AND status = 'succeeded'`,
      [hookId],
    );
    expect(n).toBe(2000);
    await receiver.close();
  }, 150_000);

  it('a worker killed with SIGKILL mid-delivery: another worker delivers the event', async () => {
    // The first request is left unanswered: its worker is killed while waiting for the answer.
    let hold = true;
    const held = await startReceiver(() => (hold ? { status: 200, delayMs: 60_000 } : { status: 200 }));
    const hookId = await subscribe(held);
    const victim = startWorker();
    const [eventId] = await emit(1);
    await held.waitFor(1, 20_000);
    hold = false;
    victim.kill('SIGKILL');
    await stop(victim);
    startWorker();
    await until(() => held.received.length >= 2, 'redelivery by the second worker', 30_000);
    expect(held.received.map((r) => JSON.parse(r.body).id)).toEqual([eventId, eventId]);
    await until(
      async () =>
        (await api.db.query(`SELECT 1 FROM deliveries WHERE hook_id = $1 AND status = 'succeeded'`, [hookId]))
          .length === 1,
      'the delivery recorded as succeeded',
      10_000,
    );
    console.log(
      `SIGKILL mid-delivery: delivered again by another worker ${held.received[1].receivedAt - held.received[0].receivedAt} ms later`,
    );
    await held.close();
  }, 90_000);

  it('Redis stopped while actions run, then restarted: every event is delivered', async () => {
    const receiver = await startReceiver();
    await subscribe(receiver);
    startWorker();
    const before = await emit(50);
    await until(() => new Set(deliveredIds(receiver)).size >= 50, 'deliveries before the outage', 30_000);
    await stop(redis, 'SIGKILL');
    const during = await emit(200);
    await new Promise((r) => setTimeout(r, 2000));
    const deliveredDuringOutage = new Set(deliveredIds(receiver)).size - 50;
    redis = await startRedis(redisPort); // empty: every job that lived in Redis is gone
    const after = await emit(50);
    await until(() => new Set(deliveredIds(receiver)).size >= 300, 'every event after Redis is back', 60_000);
    const unique = new Set(deliveredIds(receiver));
    for (const id of [...before, ...during, ...after]) expect(unique.has(id)).toBe(true);
    console.log(
      `Redis outage: 300 events, ${deliveredDuringOutage} delivered while Redis was down, ${unique.size} in the end, ` +
        `${deliveredIds(receiver).length - unique.size} duplicates`,
    );
    await receiver.close();
  }, 120_000);
});
