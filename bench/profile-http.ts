import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { migrateDatabase } from '../src/core/database/migrate';
import { adminQuery, freePort, nodeFlags, withDatabase } from './common';
import { seedBenchWorkspace } from './seed';

/**
 * `npm run bench:profile -- /api/v1/auth/me [/api/v1/bots …]`: one API process (`dist/main.js`) under
 * `--cpu-prof` on a small seeded workspace, autocannon on each path in turn (10 connections,
 * `BENCH_SECONDS`, default 10), then the profile's self time by package and by function — what the
 * request path costs, without the rest of `npm run bench` in the profile. The profile stays in a
 * temporary folder (printed) for Chrome DevTools. Each path also reports the API process's CPU time
 * per request. `BENCH_NO_PROFILE=1` runs without the profiler; `BENCH_NO_REDIS=1` without Redis
 * (the in-memory rate limiter), to see what the shared limiter costs.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = resolve(__dirname, '..');
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

function where(frame: ProfileNode['callFrame']): string {
  const url = frame.url;
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (url.includes('/dist/')) return `app ${url.split('/dist/')[1]}`;
  return url ? `node ${url.replace(/^.*\//, '')}` : `(${frame.functionName})`;
}

export function summarise(profile: CpuProfile, top = 25): string {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const time = profile.timeDeltas[i] ?? 0;
    busy += time;
    const at = where(frame);
    byPackage.set(at, (byPackage.get(at) ?? 0) + time);
    const fn = `${frame.functionName || '(anonymous)'} ${at}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + time);
  });
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => `  ${((100 * time) / busy).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  return `busy ${(busy / 1e6).toFixed(1)} s of CPU\nby package:\n${list(byPackage)}\nby function:\n${list(byFunction)}`;
}

/** User plus system CPU time of a process so far, in µs (`/proc/<pid>/stat`, clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function main(): Promise<void> {
  const paths = process.argv.slice(2);
  if (paths.length === 0) throw new Error('usage: bench/profile-http.ts <path> [<path> …]');
  const name = `nhx_prof_${randomBytes(5).toString('hex')}`;
  const databaseUrl = withDatabase(serverUrl, name);
  const redisPrefix = `nhxprof_${randomBytes(4).toString('hex')}`;
  const profileDir = mkdtempSync(join(tmpdir(), 'nhx-profile-'));
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  try {
    await migrateDatabase(databaseUrl);
    const { key } = await seedBenchWorkspace(databaseUrl, {
      conversations: 2_000,
      messages: 10_000,
      bots: 10,
    });
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        ...nodeFlags('start:api'),
        ...(process.env.BENCH_NO_PROFILE ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
        join(ROOT, 'dist', 'main.js'),
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: databaseUrl,
          ...(process.env.BENCH_NO_REDIS ? {} : { REDIS_URL: redisUrl }),
          NHX_REDIS_PREFIX: redisPrefix,
          NHX_SECRET_KEY: randomBytes(32).toString('base64'),
          NHX_RATE_LIMIT_PER_MINUTE: '1000000',
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'warn',
        },
      },
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ok = await fetch(`${baseUrl}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      if (i > 300) throw new Error('the API did not start');
      await sleep(100);
    }
    for (const path of paths) {
      const options = {
        url: `${baseUrl}${path}`,
        connections: 10,
        headers: { authorization: `Bearer ${key}` },
      };
      await autocannon({ ...options, duration: 2 });
      const cpuBefore = cpuMicros(child.pid!);
      const result = await autocannon({ ...options, duration: seconds });
      const cpuPerRequest = (cpuMicros(child.pid!) - cpuBefore) / result.requests.total;
      console.log(
        `${path}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
          `${cpuPerRequest.toFixed(0)} µs of API CPU per request, ${result.non2xx + result.errors} errors`,
      );
    }
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
    if (process.env.BENCH_NO_PROFILE) return;
    const file = readdirSync(profileDir).find((entry) => entry.endsWith('.cpuprofile'));
    if (!file) throw new Error('no profile written');
    console.log(`\n${join(profileDir, file)}`);
    console.log(summarise(JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile));
  } finally {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`*${redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
