import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { Client } from 'pg';
import { newId } from '../src/common/ids/ids';
import { EVENT_TYPES, type EventType } from '../src/modules/events/event-types';
import { migrateDatabase } from '../src/core/database/migrate';
import { seedBenchWorkspace, type BenchWorkspace } from './seed';
import { adminQuery, freePort, nodeFlags, postgresCpuMs, processCpuMs, withDatabase } from './common';

/**
 * `npm run bench`: the service's hot paths against raw baselines, side by side in one run.
 *
 * On a fresh database of the PostgreSQL at BENCH_POSTGRES_URL and a fresh key prefix on the Redis at
 * BENCH_REDIS_URL it seeds one workspace (100,000 conversations, 1,000,000 messages, 10 bots), starts
 * the API (`dist/main.js`) and, later, worker processes (`dist/worker.js`) as production does,
 * creates 20 webhook subscriptions through the API (so their secrets are sealed as always), and
 * measures:
 *
 * - HTTP, with autocannon: a bare Fastify server answering the same JSON bodies from memory (the
 *   HTTP limit), then `GET /auth/me`, `GET /bots`, `GET /conversations` (first page and 10,000
 *   rows deep, filtered), `POST /actions/send-message` over many conversations;
 * - the API's RSS after 50,000 and 100,000 further requests, and its peak (VmHWM);
 * - webhook fan-out: deliveries/s into a local receiver with one worker, with two, and of a bare
 *   sign-and-POST loop (`bench/bare-deliver.ts`: the delivery limit) over the same bodies;
 * - action→receiver latency at a steady 100 send-message calls per second.
 *
 * Beside each throughput it reports CPU time per unit of work, read from the processes' own counters
 * (`/proc/<pid>/stat`) over the same run: API CPU per request, worker CPU per delivery (the bare loop
 * reports its own), and the PostgreSQL server's CPU per delivery. On a small shared machine
 * throughput swings with whatever else runs; CPU per unit holds still, so the targets are CPU ratios.
 *
 * Prints one table, writes `bench/results.json` with each ratio and each target marked met or
 * missed, then stops everything and drops the database and the Redis keys.
 */

const ROOT = resolve(__dirname, '..');
const env = process.env;
const settings = {
  postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: env.BENCH_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  conversations: Number(env.BENCH_CONVERSATIONS ?? 100_000),
  messages: Number(env.BENCH_MESSAGES ?? 1_000_000),
  bots: 10,
  hooks: 20,
  depth: Number(env.BENCH_DEPTH ?? 10_000),
  pageSize: 50,
  connections: Number(env.BENCH_CONNECTIONS ?? 10),
  seconds: Number(env.BENCH_SECONDS ?? 10),
  warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 3),
  memoryRequests: Number(env.BENCH_MEMORY_REQUESTS ?? 50_000),
  fanoutEvents: Number(env.BENCH_FANOUT_EVENTS ?? 800),
  latencyRate: Number(env.BENCH_LATENCY_RATE ?? 100),
  latencySeconds: Number(env.BENCH_LATENCY_SECONDS ?? 20),
  workerConcurrency: Number(env.BENCH_WORKER_CONCURRENCY ?? 64),
  // The limiter must not refuse the load; 1,000,000/min is the highest NHX_RATE_LIMIT_PER_MINUTE accepts.
  rateLimit: env.BENCH_RATE_LIMIT ?? '1000000',
  cpuProf: env.BENCH_CPU_PROF === '1',
};

const TARGETS = {
  /** API CPU per authenticated read, at most this many times bare Fastify's for the same body. */
  readCpuVsBare: 2.5,
  botsP99Ms: 10,
  deepVsFirstP99: 1.5,
  /** Worker CPU per delivery, at most this many times the bare sign-and-POST loop's. */
  workerCpuVsBare: 2,
  actionP99Ms: 250,
  rssMb: 200,
};

// ---------------------------------------------------------------------------------------------------
// processes

const secretKey = randomBytes(32).toString('base64');
const redisPrefix = `nhxbench_${randomBytes(4).toString('hex')}`;
const children = new Set<ChildProcess>();
const workDir = mkdtempSync(join(tmpdir(), 'nhx-bench-'));

function serviceEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: env.PATH,
    DATABASE_URL: databaseUrl,
    REDIS_URL: settings.redisUrl,
    NHX_REDIS_PREFIX: redisPrefix,
    NHX_SECRET_KEY: secretKey,
    NHX_RATE_LIMIT_PER_MINUTE: settings.rateLimit,
    NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    NHX_WEBHOOK_CONCURRENCY: String(settings.workerConcurrency),
    // Several workers run side by side: none needs a probe port.
    NHX_WORKER_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

function launch(args: string[], childEnv: NodeJS.ProcessEnv, name: string): ChildProcess {
  const profile = settings.cpuProf && !args[0].startsWith('-r');
  const child = spawn(
    process.execPath,
    profile ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench', 'profiles')}`, ...args] : args,
    { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.stdout.on('data', () => undefined);
  child.once('error', (error) => console.error(`${name}: ${error.message}`));
  return child;
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

async function waitForHttp(url: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    const ok = await fetch(url)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within 60 s`);
    await sleep(100);
  }
}

async function startApi(databaseUrl: string): Promise<{ baseUrl: string; child: ChildProcess }> {
  const main = join(ROOT, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` first');
  const port = await freePort();
  const child = launch(
    [...nodeFlags('start:api'), main],
    serviceEnv(databaseUrl, { PORT: String(port) }),
    'api',
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/healthz`, child, 'the API');
  return { baseUrl, child };
}

function startWorker(databaseUrl: string): ChildProcess {
  return launch(
    [...nodeFlags('start:worker'), join(ROOT, 'dist', 'worker.js')],
    serviceEnv(databaseUrl),
    'worker',
  );
}

/** A worker is up once its relay LISTENs (its BullMQ worker starts in the same bootstrap). */
async function waitForListeners(databaseUrl: string, count: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%LISTEN nhx_deliveries%'`,
      );
      if (Number(rows[0].n) >= count) return;
      if (Date.now() > deadline) throw new Error(`${count} worker(s) did not start within 60 s`);
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}

async function startBareHttp(
  bodies: Record<string, string>,
): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = launch(
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', 'bare-http.ts')],
    { PATH: env.PATH, BENCH_BODIES: JSON.stringify(bodies) },
    'bare-http',
  );
  const port = await new Promise<number>((done, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) done(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare Fastify exited (${code})`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, child };
}

function memory(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------------------------------------------
// the receiver

interface Arrival {
  at: number;
  url: string;
  body: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
}

class Receiver {
  private server: Server | null = null;
  url = '';
  count = 0;
  arrivals: Arrival[] = [];
  keep = false;
  onArrival: ((arrival: Arrival) => void) | null = null;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = performance.now();
        this.count += 1;
        if (this.keep || this.onArrival) {
          const arrival: Arrival = {
            at,
            url: req.url ?? '',
            body: Buffer.concat(chunks).toString('utf8'),
            deliveryId: String(req.headers['x-nebulahex-delivery']),
            eventId: String(req.headers['webhook-id']),
            eventType: String(req.headers['x-nebulahex-event']),
          };
          if (this.keep) this.arrivals.push(arrival);
          this.onArrival?.(arrival);
        }
        res.writeHead(204).end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  reset(keep = false): void {
    this.count = 0;
    this.arrivals = [];
    this.keep = keep;
  }

  private failure: Error | null = null;

  fail(error: Error): void {
    this.failure = error;
  }

  async waitFor(count: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.count < count) {
      if (this.failure) throw this.failure;
      if (Date.now() > deadline) throw new Error(`the receiver got ${this.count} of ${count} deliveries`);
      await sleep(5);
    }
    return performance.now();
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((done) => this.server?.close(done));
  }
}

// ---------------------------------------------------------------------------------------------------
// HTTP scenarios

interface HttpResult {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  /** CPU time of the serving process per request, in µs; null when no process was named. */
  cpuUs: number | null;
}

type Cannon = Parameters<typeof autocannon>[0];

/** Warms up, then measures; `server` is the serving process, whose CPU per request is read. */
async function cannon(name: string, options: Cannon, server?: ChildProcess): Promise<HttpResult> {
  await autocannon({ ...options, duration: settings.warmupSeconds });
  const cpuBefore = server ? processCpuMs(server.pid!) : 0;
  const result = await autocannon({ ...options, duration: settings.seconds });
  const cpuMs = server ? processCpuMs(server.pid!) - cpuBefore : null;
  const errors = result.errors + result.timeouts + result.non2xx;
  const row = {
    name,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors,
    cpuUs: cpuMs === null ? null : (cpuMs * 1000) / result.requests.total,
  };
  console.log(
    `  ${name}: ${row.reqPerSec.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms` +
      `${row.cpuUs === null ? '' : `, ${row.cpuUs.toFixed(0)} µs CPU/request`}${errors ? `, ${errors} errors` : ''}`,
  );
  return row;
}

function get(baseUrl: string, path: string, key?: string): Cannon {
  return {
    url: `${baseUrl}${path}`,
    connections: settings.connections,
    headers: key ? { authorization: `Bearer ${key}` } : {},
  };
}

async function json<T>(baseUrl: string, key: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function text(baseUrl: string, key: string, path: string): Promise<string> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.text();
}

async function cursorAt(baseUrl: string, key: string, path: string, depth: number): Promise<string> {
  let cursor: string | null = null;
  for (let read = 0; read < depth; read += settings.pageSize) {
    const page: { nextCursor: string | null } = await json(
      baseUrl,
      key,
      `${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    cursor = page.nextCursor;
    if (cursor === null) throw new Error(`${path} has fewer than ${depth} rows`);
  }
  return cursor!;
}

function sendMessageOptions(baseUrl: string, key: string, conversationIds: string[]): Cannon {
  let next = randomInt(conversationIds.length);
  return {
    url: baseUrl,
    connections: settings.connections,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        path: '/api/v1/actions/send-message',
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            conversationId: conversationIds[next++ % conversationIds.length],
            message: 'Refund processed, you will see it in 3 business days.',
          }),
        }),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// webhooks

/** Every event type but `message.sent`, which only the latency run's subscription takes. */
type FanoutType = Exclude<EventType, 'message.sent'>;
const FANOUT_TYPES = EVENT_TYPES.filter((type): type is FanoutType => type !== 'message.sent');

interface Hook {
  hookId: string;
  event: string;
  targetUrl: string;
  signingSecret: string;
}

interface ConversationRef {
  id: string;
  bot_id: string;
  session_id: string;
}

function eventData(type: FanoutType, c: ConversationRef, at: string): unknown {
  const base = { conversationId: c.id, botId: c.bot_id, sessionId: c.session_id };
  switch (type) {
    case 'lead.captured':
      return {
        ...base,
        leadId: newId('lead'),
        capturedFields: { email: 'ada@example.com', name: 'Ada' },
        capturedAt: at,
      };
    case 'order.lookup':
      return { ...base, orderId: 'ord_1042', lookupSource: 'http', lookedUpAt: at };
    case 'conversation.fallback':
      return { ...base, lastMessage: 'Can I pay in instalments?', confidenceScore: 0.31, fellBackAt: at };
    case 'conversation.escalation':
      return {
        ...base,
        reason: 'customer asked for a human',
        transcript: [
          { author: 'customer', text: 'Where is my order #1042?', sentAt: at },
          { author: 'bot', text: 'Order #1042 has shipped.', sentAt: at },
          { author: 'customer', text: 'I want to talk to a person.', sentAt: at },
        ],
        escalatedAt: at,
      };
    case 'conversation.resolved':
      return { ...base, resolvedAt: at };
  }
}

/** Inserts `count` events of the fan-out types in one transaction; returns the deliveries they make. */
async function insertEvents(
  databaseUrl: string,
  workspace: BenchWorkspace,
  conversations: ConversationRef[],
  hooksPerType: Map<string, number>,
  count: number,
): Promise<number> {
  const at = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => {
    const type = FANOUT_TYPES[i % FANOUT_TYPES.length];
    return {
      id: newId('event'),
      type,
      data: eventData(type, conversations[randomInt(conversations.length)], at),
    };
  });
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO events (id, workspace_id, type, data)
       SELECT id, $1, type, data FROM json_to_recordset($2::json) AS r(id text, type text, data json)`,
      [workspace.workspaceId, JSON.stringify(rows)],
    );
  } finally {
    await client.end();
  }
  return rows.reduce((sum, row) => sum + (hooksPerType.get(row.type) ?? 0), 0);
}

/** Events nobody should deliver (send-message calls while no worker ran) are marked relayed. */
async function settleOutbox(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`UPDATE events SET relayed_at = clock_timestamp() WHERE relayed_at IS NULL`);
  } finally {
    await client.end();
  }
}

interface FanoutResult {
  name: string;
  deliveries: number;
  seconds: number;
  perSec: number;
  /** CPU time of the delivering processes per delivery, in µs. */
  cpuUs: number | null;
  /** CPU time of the PostgreSQL server per delivery, in µs (null where it cannot be read). */
  postgresCpuUs: number | null;
}

/** Time for the last attempts to be recorded once the receiver has them all. */
const RECORD_SETTLE_MS = 500;

/**
 * One fan-out run. `cpuMs` reads the delivering processes' CPU time so far; a run may report its own
 * (`cpuMs` in its result: the bare loop, which exits when done).
 */
async function fanout(
  name: string,
  receiver: Receiver,
  run: () => Promise<number | { expected: number; startedAt: number; cpuMs: Promise<number> }>,
  options: { keep?: boolean; cpuMs?: () => number } = {},
): Promise<FanoutResult> {
  receiver.reset(options.keep);
  const cpuBefore = options.cpuMs?.() ?? 0;
  const postgresBefore = postgresCpuMs();
  const before = performance.now();
  const ran = await run();
  const [expected, started] = typeof ran === 'number' ? [ran, before] : [ran.expected, ran.startedAt];
  const finished = await receiver.waitFor(expected, 300_000);
  const seconds = (finished - started) / 1000;
  await sleep(RECORD_SETTLE_MS);
  const postgresAfter = postgresCpuMs();
  const cpuMs =
    typeof ran === 'number' ? (options.cpuMs ? options.cpuMs() - cpuBefore : null) : await ran.cpuMs;
  const perDelivery = (ms: number | null) => (ms === null ? null : (ms * 1000) / expected);
  const row = {
    name,
    deliveries: expected,
    seconds,
    perSec: expected / seconds,
    cpuUs: perDelivery(cpuMs),
    postgresCpuUs:
      postgresBefore === null || postgresAfter === null || typeof ran !== 'number'
        ? null
        : perDelivery(postgresAfter - postgresBefore),
  };
  console.log(
    `  ${name}: ${expected} deliveries in ${seconds.toFixed(2)} s = ${row.perSec.toFixed(0)}/s` +
      `${row.cpuUs === null ? '' : `, ${row.cpuUs.toFixed(0)} µs CPU/delivery`}` +
      `${row.postgresCpuUs === null ? '' : ` (+ PostgreSQL ${row.postgresCpuUs.toFixed(0)} µs)`}`,
  );
  return row;
}

function writeBareDeliveries(
  file: string,
  receiverUrl: string,
  arrivals: Arrival[],
  secrets: Map<string, string>,
): void {
  writeFileSync(
    file,
    JSON.stringify(
      arrivals.map((arrival) => ({
        targetUrl: `${receiverUrl}${arrival.url}`,
        deliveryId: arrival.deliveryId,
        eventId: arrival.eventId,
        eventType: arrival.eventType,
        body: arrival.body,
        secret: secrets.get(arrival.url),
      })),
    ),
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** send-message at a steady `rate`/s; latency = the receiver's arrival − the request's start. */
async function actionLatency(
  baseUrl: string,
  key: string,
  receiver: Receiver,
  conversationIds: string[],
): Promise<{ sent: number; p50: number; p99: number; max: number; missing: number; failed: number }> {
  const started = new Map<string, number>();
  const arrived = new Map<string, number>();
  receiver.reset();
  receiver.onArrival = (arrival) => {
    if (arrival.eventType !== 'message.sent') return;
    const messageId = (JSON.parse(arrival.body) as { data: { messageId: string } }).data.messageId;
    if (!arrived.has(messageId)) arrived.set(messageId, arrival.at);
  };
  const total = settings.latencyRate * settings.latencySeconds;
  const interval = 1000 / settings.latencyRate;
  const pool = new Pool(baseUrl, { connections: 64 });
  let failed = 0;
  const send = async (): Promise<{ messageId: string }> => {
    const response = await pool.request({
      method: 'POST',
      path: '/api/v1/actions/send-message',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        conversationId: conversationIds[randomInt(conversationIds.length)],
        message: 'We have sent a replacement.',
      }),
    });
    const body = (await response.body.json()) as { messageId: string };
    if (response.statusCode !== 201) throw new Error(`send-message: ${response.statusCode}`);
    return body;
  };
  const origin = performance.now();
  const calls: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = origin + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const start = performance.now();
    calls.push(
      send().then(
        (sent) => void started.set(sent.messageId, start),
        (error: unknown) => {
          failed += 1;
          console.error(`  send-message failed: ${(error as Error).message}`);
        },
      ),
    );
  }
  await Promise.all(calls);
  await pool.close();
  const deadline = Date.now() + 30_000;
  while ([...started.keys()].some((id) => !arrived.has(id)) && Date.now() < deadline) await sleep(20);
  receiver.onArrival = null;
  const latencies = [...started].flatMap(([id, start]) =>
    arrived.has(id) ? [arrived.get(id)! - start] : [],
  );
  latencies.sort((a, b) => a - b);
  const row = {
    sent: started.size,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1],
    missing: started.size - latencies.length,
    failed,
  };
  console.log(
    `  action→receiver at ${settings.latencyRate}/s: p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms` +
      `${row.missing ? `, ${row.missing} never arrived` : ''}`,
  );
  return row;
}

/**
 * Where the action→receiver time goes, from the rows themselves: the event's commit-side timestamp
 * (`events.created_at`, clock time inside the action's transaction), the relay's `relayed_at`, the
 * delivery row's creation, and the first attempt's start and latency.
 */
async function latencyStages(
  databaseUrl: string,
  since: Date,
): Promise<Record<string, { p50: number; p99: number }>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const stage = (name: string, expr: string) =>
      `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expr}) AS ${name}_p50, ` +
      `percentile_cont(0.99) WITHIN GROUP (ORDER BY ${expr}) AS ${name}_p99`;
    const ms = (a: string, b: string) => `extract(epoch FROM ${a} - ${b}) * 1000`;
    const { rows } = await client.query<Record<string, number>>(
      `SELECT ${stage('relay', ms('e.relayed_at', 'e.created_at'))},
              ${stage('queue', ms('a.started_at', 'e.relayed_at'))},
              ${stage('post', 'a.latency_ms::float8')}
         FROM events e JOIN deliveries d ON d.event_id = e.id
         JOIN delivery_attempts a ON a.delivery_id = d.id AND a.attempt = 1
        WHERE e.type = 'message.sent' AND e.created_at >= $1`,
      [since],
    );
    const row = rows[0];
    return Object.fromEntries(
      ['relay', 'queue', 'post'].map((name) => [
        name,
        { p50: Number(row[`${name}_p50`]), p99: Number(row[`${name}_p99`]) },
      ]),
    );
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------------
// report

interface Target {
  target: string;
  actual: string;
  met: boolean;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const format = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  return [
    format(header),
    `|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
    ...rows.map(format),
  ].join('\n');
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const began = Date.now();
  const loadBefore = loadavg();
  const name = `nhx_bench_${randomBytes(5).toString('hex')}`;
  const databaseUrl = withDatabase(settings.postgresUrl, name);
  await adminQuery(settings.postgresUrl, `CREATE DATABASE ${name}`);
  const receiver = new Receiver();
  let api: ChildProcess | null = null;
  const workers: ChildProcess[] = [];
  try {
    await migrateDatabase(databaseUrl);
    console.log(
      `seeding ${settings.conversations.toLocaleString('en')} conversations, ${settings.messages.toLocaleString('en')} messages, ${settings.bots} bots into ${name}…`,
    );
    const seedStart = Date.now();
    const workspace = await seedBenchWorkspace(databaseUrl, {
      conversations: settings.conversations,
      messages: settings.messages,
      bots: settings.bots,
    });
    const seededMs = Date.now() - seedStart;
    console.log(`  seeded in ${(seededMs / 1000).toFixed(1)} s`);
    await receiver.start();

    const started = await startApi(databaseUrl);
    api = started.child;
    const { baseUrl } = started;
    const { key } = workspace;

    // 20 subscriptions through the API: one on message.sent (the latency run), 19 over the rest.
    const hooks: Hook[] = [];
    for (let i = 0; i < settings.hooks; i++) {
      const event = i === 0 ? 'message.sent' : FANOUT_TYPES[(i - 1) % FANOUT_TYPES.length];
      const targetUrl = `${receiver.url}/hooks/${i}`;
      hooks.push({ ...(await json<Hook>(baseUrl, key, '/api/v1/hooks', { event, targetUrl })), targetUrl });
    }
    const hooksPerType = new Map<string, number>();
    for (const hook of hooks) hooksPerType.set(hook.event, (hooksPerType.get(hook.event) ?? 0) + 1);
    const secrets = new Map(hooks.map((hook) => [`/hooks/${hooks.indexOf(hook)}`, hook.signingSecret]));

    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    const conversations = (
      await pg.query<ConversationRef>(
        `SELECT id, bot_id, session_id FROM conversations WHERE workspace_id = $1 ORDER BY md5(id) LIMIT 20000`,
        [workspace.workspaceId],
      )
    ).rows;
    await pg.end();
    const conversationIds = conversations.map((c) => c.id);

    // ---- HTTP
    const mePath = '/api/v1/auth/me';
    const botsPath = '/api/v1/bots';
    const since = new Date(Date.now() - 60 * 86_400_000).toISOString();
    const listPath = `/api/v1/conversations?status=open&since=${encodeURIComponent(since)}&limit=${settings.pageSize}`;
    const deepPath = `${listPath}&cursor=${encodeURIComponent(await cursorAt(baseUrl, key, listPath, settings.depth))}`;
    const bodies = {
      [mePath]: await text(baseUrl, key, mePath),
      [botsPath]: await text(baseUrl, key, botsPath),
    };

    console.log(`\nHTTP: autocannon, ${settings.connections} connections, ${settings.seconds} s each`);
    const bare = await startBareHttp(bodies);
    const bareMe = await cannon('bare Fastify, auth/me body', get(bare.baseUrl, mePath), bare.child);
    const bareBots = await cannon('bare Fastify, bots body', get(bare.baseUrl, botsPath), bare.child);
    await stop(bare.child);
    const me = await cannon('GET /api/v1/auth/me', get(baseUrl, mePath, key), api);
    const bots = await cannon('GET /api/v1/bots', get(baseUrl, botsPath, key), api);
    const first = await cannon('GET /conversations, first page', get(baseUrl, listPath, key), api);
    const deep = await cannon(
      `GET /conversations, ${settings.depth.toLocaleString('en')} deep`,
      get(baseUrl, deepPath, key),
      api,
    );
    const send = await cannon(
      'POST /actions/send-message',
      sendMessageOptions(baseUrl, key, conversationIds),
      api,
    );

    // ---- memory: 2 × N more requests (a mix of the reads above), RSS after each half
    const memoryRun = (amount: number) =>
      autocannon({
        url: baseUrl,
        connections: settings.connections,
        amount,
        headers: { authorization: `Bearer ${key}` },
        requests: [{ path: mePath }, { path: botsPath }, { path: listPath }],
      });
    console.log(`\nmemory: 2 × ${settings.memoryRequests.toLocaleString('en')} requests`);
    const half = await memoryRun(settings.memoryRequests);
    const afterHalf = memory(api.pid!);
    const full = await memoryRun(settings.memoryRequests);
    const afterFull = memory(api.pid!);
    const memoryErrors = half.errors + half.non2xx + full.errors + full.non2xx;
    console.log(
      `  RSS after ${settings.memoryRequests}: ${afterHalf.rssMb.toFixed(0)} MB, after ${2 * settings.memoryRequests}: ` +
        `${afterFull.rssMb.toFixed(0)} MB, peak ${afterFull.hwmMb.toFixed(0)} MB${memoryErrors ? `, ${memoryErrors} errors` : ''}`,
    );

    // ---- webhooks
    await settleOutbox(databaseUrl);
    console.log(
      `\nwebhooks: ${settings.fanoutEvents} events per run over ${settings.hooks - 1} subscriptions, concurrency ${settings.workerConcurrency}`,
    );
    workers.push(startWorker(databaseUrl));
    await waitForListeners(databaseUrl, 1);
    const insert = (count: number) => () =>
      insertEvents(databaseUrl, workspace, conversations, hooksPerType, count);
    const workersCpuMs = () => workers.reduce((sum, worker) => sum + processCpuMs(worker.pid!), 0);
    await fanout('warm-up, one worker', receiver, insert(100));
    const one = await fanout('one worker', receiver, insert(settings.fanoutEvents), {
      keep: true,
      cpuMs: workersCpuMs,
    });
    const bareFile = join(workDir, 'bare-deliveries.json');
    writeBareDeliveries(bareFile, receiver.url, receiver.arrivals, secrets);
    const bareDelivery = await fanout('bare sign+POST loop (undici)', receiver, async () => {
      const child = launch(
        ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', 'bare-deliver.ts'), bareFile],
        { PATH: env.PATH, BENCH_CONCURRENCY: String(settings.workerConcurrency) },
        'bare-deliver',
      );
      // ts-node start-up is not delivery time: count from the child's first request
      const startedAt = await new Promise<number>((done) => {
        receiver.onArrival = (arrival) => {
          receiver.onArrival = null;
          done(arrival.at);
        };
        child.once('exit', () => done(performance.now()));
      });
      child.once('exit', (code) => {
        if (code !== 0) receiver.fail(new Error(`the bare delivery loop exited (${code})`));
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const cpuMs = new Promise<number>((done) =>
        child.once('exit', () => done((JSON.parse(output) as { cpuMs: number }).cpuMs)),
      );
      return { expected: one.deliveries, startedAt, cpuMs };
    });
    receiver.onArrival = null;
    workers.push(startWorker(databaseUrl));
    await waitForListeners(databaseUrl, 2);
    await fanout('warm-up, two workers', receiver, insert(100));
    const two = await fanout('two workers', receiver, insert(settings.fanoutEvents), { cpuMs: workersCpuMs });
    const latencySince = new Date();
    const latency = await actionLatency(baseUrl, key, receiver, conversationIds);
    const stages = await latencyStages(databaseUrl, latencySince);
    console.log(
      `  stages (p50 / p99 ms; relay = commit→relayed, queue = relayed→POST start, post = the POST): ${Object.entries(
        stages,
      )
        .map(([name, { p50, p99 }]) => `${name} ${p50.toFixed(1)} / ${p99.toFixed(1)}`)
        .join(', ')}`,
    );
    const workerMemory = workers.map((worker) => memory(worker.pid!));
    const apiMemory = memory(api.pid!);

    // ---- report
    const ratio = (a: number, b: number) => a / b;
    const httpRows: [HttpResult, HttpResult | null][] = [
      [bareMe, null],
      [bareBots, null],
      [me, bareMe],
      [bots, bareBots],
      [first, null],
      [deep, first],
      [send, null],
    ];
    const cpu = (us: number | null) => (us === null ? '' : fixed(us));
    const cpuRatio = (us: number | null, base: number | null) =>
      us === null || base === null ? null : us / base;
    const rows = [
      ...httpRows.map(([row, base]) => [
        row.name,
        fixed(row.reqPerSec),
        fixed(row.p50, 1),
        fixed(row.p99, 1),
        base
          ? base === first
            ? `p99 ${fixed(ratio(row.p99, base.p99), 2)}× first`
            : `${fixed(ratio(row.reqPerSec, base.reqPerSec), 2)}× bare`
          : '',
        cpu(row.cpuUs),
        base && base !== first ? `${fixed(cpuRatio(row.cpuUs, base.cpuUs) ?? NaN, 2)}× bare` : '',
        String(row.errors),
      ]),
      ...[one, bareDelivery, two].map((row) => [
        `webhooks: ${row.name}`,
        `${fixed(row.perSec)} dlv/s`,
        '',
        '',
        row === one
          ? `${fixed(ratio(one.perSec, bareDelivery.perSec), 2)}× bare`
          : row === two
            ? `${fixed(ratio(two.perSec, one.perSec), 2)}× one`
            : '',
        `${cpu(row.cpuUs)}${row.postgresCpuUs === null ? '' : ` + pg ${fixed(row.postgresCpuUs)}`}`,
        row === bareDelivery ? '' : `${fixed(cpuRatio(row.cpuUs, bareDelivery.cpuUs) ?? NaN, 2)}× bare`,
        '0',
      ]),
      [
        `action→receiver, ${settings.latencyRate}/s`,
        '',
        fixed(latency.p50, 1),
        fixed(latency.p99, 1),
        '',
        '',
        '',
        String(latency.missing + latency.failed),
      ],
    ];
    const meCpu = cpuRatio(me.cpuUs, bareMe.cpuUs) ?? Infinity;
    const botsCpu = cpuRatio(bots.cpuUs, bareBots.cpuUs) ?? Infinity;
    const workerCpu = cpuRatio(one.cpuUs, bareDelivery.cpuUs) ?? Infinity;
    const targets: Record<string, Target> = {
      authMeCpu: {
        target: `auth/me API CPU/request ≤ ${TARGETS.readCpuVsBare} × bare Fastify's`,
        actual: `${fixed(meCpu, 2)}×`,
        met: meCpu <= TARGETS.readCpuVsBare,
      },
      botsCpu: {
        target: `bots API CPU/request ≤ ${TARGETS.readCpuVsBare} × bare Fastify's`,
        actual: `${fixed(botsCpu, 2)}×`,
        met: botsCpu <= TARGETS.readCpuVsBare,
      },
      botsP99: {
        target: `bots p99 < ${TARGETS.botsP99Ms} ms under the load above`,
        actual: `${fixed(bots.p99, 1)} ms`,
        met: bots.p99 < TARGETS.botsP99Ms,
      },
      deepPage: {
        target: `deep page p99 ≤ ${TARGETS.deepVsFirstP99} × first page p99`,
        actual: `${fixed(deep.p99 / first.p99, 2)}×`,
        met: deep.p99 / first.p99 <= TARGETS.deepVsFirstP99,
      },
      workerCpu: {
        target: `worker CPU/delivery ≤ ${TARGETS.workerCpuVsBare} × the bare loop's`,
        actual: `${fixed(workerCpu, 2)}×`,
        met: workerCpu <= TARGETS.workerCpuVsBare,
      },
      actionLatency: {
        target: `action→receiver p99 ≤ ${TARGETS.actionP99Ms} ms at ${settings.latencyRate}/s`,
        actual: `${fixed(latency.p99, 1)} ms`,
        met: latency.p99 <= TARGETS.actionP99Ms && latency.missing === 0 && latency.failed === 0,
      },
      rss: {
        target: `API RSS ≤ ${TARGETS.rssMb} MB after ${2 * settings.memoryRequests} requests, no growth after ${settings.memoryRequests}`,
        actual: `${fixed(afterHalf.rssMb)} → ${fixed(afterFull.rssMb)} MB (peak ${fixed(apiMemory.hwmMb)})`,
        // "no growth": within 5 % (allocator noise), never more.
        met: afterFull.rssMb <= TARGETS.rssMb && afterFull.rssMb <= afterHalf.rssMb * 1.05,
      },
    };
    const loadAfter = loadavg();
    console.log(
      `\nNebulaHex bench: ${settings.conversations.toLocaleString('en')} conversations, ` +
        `${settings.messages.toLocaleString('en')} messages, ${settings.bots} bots, ${settings.hooks} subscriptions; ` +
        `${cpus().length} CPUs, load ${loadBefore.map((l) => l.toFixed(1)).join(' ')} → ${loadAfter.map((l) => l.toFixed(1)).join(' ')}\n`,
    );
    console.log(
      table(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'CPU µs/unit', 'CPU ratio', 'errors'], rows),
    );
    console.log(
      `\nAPI RSS: ${fixed(afterHalf.rssMb)} MB after ${settings.memoryRequests.toLocaleString('en')} more requests, ` +
        `${fixed(afterFull.rssMb)} MB after ${(2 * settings.memoryRequests).toLocaleString('en')}, peak ${fixed(apiMemory.hwmMb)} MB; ` +
        `workers peak ${workerMemory.map((m) => fixed(m.hwmMb)).join(' / ')} MB\n`,
    );
    console.log(
      table(
        ['target', 'actual', 'met'],
        Object.values(targets).map((t) => [t.target, t.actual, t.met ? 'met' : 'MISSED']),
      ),
    );
    const totalSeconds = (Date.now() - began) / 1000;
    console.log(`\nbench took ${totalSeconds.toFixed(0)} s`);
    const results = {
      at: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGb: totalmem() / 2 ** 30,
        node: process.version,
        loadBefore,
        loadAfter,
      },
      settings: { ...settings, redisUrl: undefined, postgresUrl: undefined },
      seededSeconds: seededMs / 1000,
      http: Object.fromEntries(
        httpRows.map(([row, base]) => [
          row.name,
          {
            ...row,
            baseline: base?.name ?? null,
            ratio: base ? (base === first ? row.p99 / base.p99 : row.reqPerSec / base.reqPerSec) : null,
            ratioOf: base ? (base === first ? 'p99' : 'req/s') : null,
            cpuRatio: base && base !== first ? cpuRatio(row.cpuUs, base.cpuUs) : null,
          },
        ]),
      ),
      webhooks: {
        oneWorker: { ...one, ratioVsBare: one.perSec / bareDelivery.perSec, cpuRatioVsBare: workerCpu },
        bareLoop: bareDelivery,
        twoWorkers: { ...two, ratioVsOne: two.perSec / one.perSec },
        actionLatency: { ...latency, ratePerSec: settings.latencyRate, stagesMs: stages },
      },
      memory: {
        apiRssMbAfterHalf: afterHalf.rssMb,
        apiRssMbAfterFull: afterFull.rssMb,
        apiPeakMb: apiMemory.hwmMb,
        requestsPerHalf: settings.memoryRequests,
        workersPeakMb: workerMemory.map((m) => m.hwmMb),
      },
      targets,
      totalSeconds,
    };
    writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('wrote bench/results.json');
    const errors = [me, bots, first, deep, send].reduce((sum, row) => sum + row.errors, 0) + memoryErrors;
    if (errors > 0 || latency.missing > 0 || latency.failed > 0) process.exitCode = 1;
  } finally {
    for (const worker of workers) await stop(worker);
    await stop(api);
    for (const child of [...children]) await stop(child);
    await receiver.close().catch(() => undefined);
    await adminQuery(settings.postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(
      (error: unknown) => console.error(error),
    );
    const redis = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      for (const pattern of [`{${redisPrefix}}*`, `${redisPrefix}*`]) {
        let cursor = '0';
        do {
          const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          cursor = nextCursor;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      }
    } catch (error) {
      console.error('could not clean the Redis keys', error);
    } finally {
      redis.disconnect();
    }
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
