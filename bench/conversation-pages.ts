import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { migrateDatabase } from '../src/core/database/migrate';
import { seedBenchWorkspace, type BenchWorkspace } from './seed';
import { adminQuery, freePort, withDatabase } from './common';

/**
 * Page latency of `GET /api/v1/conversations` on a large workspace.
 *
 * On a fresh database of the PostgreSQL at BENCH_POSTGRES_URL (default: the local one) it seeds one
 * workspace with BENCH_CONVERSATIONS conversations (100,000) and BENCH_MESSAGES messages
 * (1,000,000), starts the API as production does (`node dist/main.js`), and measures with
 * autocannon, BENCH_CONNECTIONS connections (1: latency without queueing) for BENCH_SECONDS each:
 * the first page of 50, and the page BENCH_DEPTH rows deep (10,000; reached by following cursors),
 * unfiltered and with `status=open&botId=…`. Prints a table; drops the database at the end.
 */

const ROOT = resolve(__dirname, '..');
const env = process.env;
const settings = {
  postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  conversations: Number(env.BENCH_CONVERSATIONS ?? 100_000),
  messages: Number(env.BENCH_MESSAGES ?? 1_000_000),
  depth: Number(env.BENCH_DEPTH ?? 10_000),
  pageSize: 50,
  connections: Number(env.BENCH_CONNECTIONS ?? 1),
  seconds: Number(env.BENCH_SECONDS ?? 10),
  warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 2),
};

interface Scenario {
  name: string;
  path: string;
}

interface Measured extends Scenario {
  p50: number;
  p99: number;
  mean: number;
  requests: number;
  errors: number;
}

async function startApi(databaseUrl: string): Promise<{ baseUrl: string; child: ChildProcess }> {
  const main = join(ROOT, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` first');
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      PATH: env.PATH,
      DATABASE_URL: databaseUrl,
      NHX_SECRET_KEY: randomBytes(32).toString('base64'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode})`);
    const ok = await fetch(`${baseUrl}/healthz`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return { baseUrl, child };
    if (Date.now() > deadline) throw new Error('the API did not answer /healthz within 30 s');
    await sleep(100);
  }
}

/** The cursor of the page that starts `depth` rows into the list at `path`. */
async function cursorAt(baseUrl: string, key: string, path: string, depth: number): Promise<string> {
  let cursor: string | null = null;
  for (let read = 0; read < depth; read += settings.pageSize) {
    const url = `${baseUrl}${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { conversations: unknown[]; nextCursor: string | null };
    cursor = body.nextCursor;
    if (cursor === null) throw new Error(`${path} has fewer than ${depth} rows`);
  }
  return cursor!;
}

async function measure(baseUrl: string, key: string, scenario: Scenario): Promise<Measured> {
  const options = {
    url: `${baseUrl}${scenario.path}`,
    headers: { authorization: `Bearer ${key}` },
    connections: settings.connections,
  };
  await autocannon({ ...options, duration: settings.warmupSeconds });
  const result = await autocannon({ ...options, duration: settings.seconds });
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    ...scenario,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    requests: result.requests.total,
    errors,
  };
}

function printTable(rows: Measured[], workspace: BenchWorkspace, seeded: number): void {
  const header = ['scenario', 'p50 ms', 'p99 ms', 'mean ms', 'requests', 'errors'];
  const lines = rows.map((row) => [
    row.name,
    row.p50.toFixed(1),
    row.p99.toFixed(1),
    row.mean.toFixed(2),
    String(row.requests),
    String(row.errors),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  console.log(
    `\nGET /api/v1/conversations, limit=${settings.pageSize}: ${workspace.conversations.toLocaleString('en')} conversations, ` +
      `${workspace.messages.toLocaleString('en')} messages (seeded in ${(seeded / 1000).toFixed(1)} s); ` +
      `autocannon, ${settings.connections} connection(s), ${settings.seconds} s per scenario\n`,
  );
  console.log(format(header));
  console.log(
    `|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
  );
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const name = `nhx_bench_${randomBytes(5).toString('hex')}`;
  const databaseUrl = withDatabase(settings.postgresUrl, name);
  await adminQuery(settings.postgresUrl, `CREATE DATABASE ${name}`);
  let api: ChildProcess | null = null;
  try {
    await migrateDatabase(databaseUrl);
    const seedStart = Date.now();
    console.log(
      `seeding ${settings.conversations} conversations and ${settings.messages} messages into ${name}…`,
    );
    const workspace = await seedBenchWorkspace(databaseUrl, {
      conversations: settings.conversations,
      messages: settings.messages,
    });
    const seeded = Date.now() - seedStart;
    const started = await startApi(databaseUrl);
    api = started.child;
    const { baseUrl } = started;
    const first = `/api/v1/conversations?limit=${settings.pageSize}`;
    const filtered = `/api/v1/conversations?status=open&botId=${workspace.botIds[0]}&limit=${settings.pageSize}`;
    const depth = settings.depth.toLocaleString('en');
    const scenarios: Scenario[] = [
      { name: 'first page', path: first },
      {
        name: `${depth} rows deep`,
        path: `${first}&cursor=${encodeURIComponent(await cursorAt(baseUrl, workspace.key, first, settings.depth))}`,
      },
      { name: 'status=open&botId, first page', path: filtered },
      {
        name: `status=open&botId, ${depth} rows deep`,
        path: `${filtered}&cursor=${encodeURIComponent(await cursorAt(baseUrl, workspace.key, filtered, settings.depth))}`,
      },
    ];
    const results: Measured[] = [];
    for (const scenario of scenarios) results.push(await measure(baseUrl, workspace.key, scenario));
    printTable(results, workspace, seeded);
    for (const [shallow, deep] of [
      [results[0], results[1]],
      [results[2], results[3]],
    ]) {
      const ratio = deep.p99 / shallow.p99;
      console.log(
        `\n${deep.name} / ${shallow.name} at p99: ${ratio.toFixed(2)}×${ratio > 1.5 ? '  (over 1.5×)' : ''}`,
      );
    }
    if (results.some((row) => row.errors > 0)) process.exitCode = 1;
  } finally {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((done) => api!.once('exit', done));
    }
    await adminQuery(settings.postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
