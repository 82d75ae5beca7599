import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { migrateDatabase } from '../src/core/database/migrate';
import { adminQuery, freePort, nodeFlags, processCpuMs, withDatabase } from './common';
import { seedBenchWorkspace } from './seed';

/**
 * `npm run bench:passport`: what passport-http-bearer costs on its own. Two API processes on one
 * small seeded database (`bench/passport-api.ts`: the same app, the key found by the service's own
 * header parsing or by passport's strategy), `GET /api/v1/auth/me` against each in turn, several
 * alternating rounds, and the API process's CPU time per request from `/proc` (the steadier figure
 * on a shared machine). Prints both and the ratio.
 */
const ROOT = resolve(__dirname, '..');
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function startApi(
  databaseUrl: string,
  passport: boolean,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags('start:api'),
      '-r',
      'ts-node/register/transpile-only',
      join(ROOT, 'bench', 'passport-api.ts'),
      ...(passport ? [] : ['--own-header']),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        NHX_REDIS_PREFIX: `nhxbench_${randomBytes(4).toString('hex')}`,
        NHX_SECRET_KEY: randomBytes(32).toString('base64'),
        NHX_RATE_LIMIT_PER_MINUTE: '1000000',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((done, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) done();
    });
    child.once('exit', (code) => reject(new Error(`the API exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function measure(
  url: string,
  key: string,
  child: ChildProcess,
): Promise<{ cpuUs: number; rps: number }> {
  const options = {
    url: `${url}/api/v1/auth/me`,
    connections: 10,
    headers: { authorization: `Bearer ${key}` },
  };
  await autocannon({ ...options, duration: 2 });
  const before = processCpuMs(child.pid!);
  const result = await autocannon({ ...options, duration: seconds });
  const cpuMs = processCpuMs(child.pid!) - before;
  if (result.non2xx + result.errors > 0) throw new Error(`${result.non2xx + result.errors} failed requests`);
  return { cpuUs: (cpuMs * 1000) / result.requests.total, rps: result.requests.average };
}

async function main(): Promise<void> {
  const name = `nhx_bench_${randomBytes(5).toString('hex')}`;
  const databaseUrl = withDatabase(serverUrl, name);
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const apis: ChildProcess[] = [];
  try {
    await migrateDatabase(databaseUrl);
    const { key } = await seedBenchWorkspace(databaseUrl, { conversations: 100, messages: 500, bots: 2 });
    const plain = await startApi(databaseUrl, false);
    const withPassport = await startApi(databaseUrl, true);
    apis.push(plain.child, withPassport.child);
    const samples = { plain: [] as number[], passport: [] as number[] };
    for (let round = 1; round <= rounds; round++) {
      const a = await measure(plain.url, key, plain.child);
      const b = await measure(withPassport.url, key, withPassport.child);
      samples.plain.push(a.cpuUs);
      samples.passport.push(b.cpuUs);
      console.log(
        `round ${round}: own header parsing ${a.cpuUs.toFixed(1)} µs CPU/request (${a.rps.toFixed(0)} req/s), ` +
          `passport-http-bearer ${b.cpuUs.toFixed(1)} µs (${b.rps.toFixed(0)} req/s)`,
      );
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
    const [p, q] = [median(samples.plain), median(samples.passport)];
    console.log(
      `\nGET /api/v1/auth/me, API CPU per request (median of ${rounds}): without passport ${p.toFixed(1)} µs, ` +
        `with passport ${q.toFixed(1)} µs: ${(((q - p) / p) * 100).toFixed(1)} % more`,
    );
  } finally {
    for (const child of apis) child.kill('SIGTERM');
    await sleep(1_000);
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
