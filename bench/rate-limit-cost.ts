/**
 * What the rate-limit check costs per request.
 *
 *   npm run bench:rate-limit      (PostgreSQL and Redis as for the tests: DATABASE_URL / REDIS_URL or local)
 *
 * 1. The storages alone: microseconds per check, one at a time and 32 in flight.
 * 2. The real API: requests per second of `GET /api/v1/auth/me` (autocannon, 10 connections) with the
 *    limiter on Redis, on memory, and switched off (the guard patched to admit without a check),
 *    in alternating rounds (BENCH_ROUNDS × BENCH_SECONDS each).
 * It creates its own database and Redis key prefix and removes both.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import pino from 'pino';
import { AppModule } from '../src/app.module';
import { RateLimitGuard } from '../src/common/rate-limit/rate-limit.guard';
import { RedisSlidingWindowStorage } from '../src/common/rate-limit/redis-sliding-window';
import {
  MemorySlidingWindowStorage,
  type SlidingWindowStorage,
} from '../src/common/rate-limit/sliding-window';
import { loadConfig, type ResolvedConfig } from '../src/core/config/config';
import { migrateDatabase } from '../src/core/database/migrate';
import { createHttpApp } from '../src/core/http/create-http-app';
import type { ExecutionContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OperatorModule } from '../src/cli/operator.module';
import { WorkspacesService } from '../src/modules/workspaces/workspaces.service';

const POSTGRES = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Measured {
  rps: number;
  p50: number;
  p99: number;
}
const PREFIX = `nhx-bench-${randomBytes(4).toString('hex')}`;

async function perCheck(storage: SlidingWindowStorage, checks: number, inFlight: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < checks) {
      next += 1;
      await storage.increment(`bench:${next % 100}`, 60_000, 1_000_000_000);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return Number(process.hrtime.bigint() - start) / 1_000 / checks;
}

/** The guard as the API key guard calls it, on a minimal request context of an authenticated key. */
async function perGuardCheck(guard: RateLimitGuard, checks = 20_000): Promise<number> {
  const headers = new Map<string, unknown>();
  const reply = {
    header: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  const handler = () => undefined;
  class BenchController {}
  const context = (keyId: string) =>
    ({
      getHandler: () => handler,
      getClass: () => BenchController,
      switchToHttp: () => ({
        getRequest: () => ({
          principal: { keyId, rateLimitPerMinute: 1_000_000_000 },
          ip: '127.0.0.1',
          headers: {},
        }),
        getResponse: () => reply,
      }),
    }) as unknown as ExecutionContext;
  for (let i = 0; i < 1_000; i += 1) await guard.canActivate(context(`key_${i % 100}`));
  const start = process.hrtime.bigint();
  for (let i = 0; i < checks; i += 1) {
    headers.clear();
    await guard.canActivate(context(`key_${i % 100}`));
  }
  return Number(process.hrtime.bigint() - start) / 1_000 / checks;
}

async function requestsPerSecond(url: string, key: string): Promise<Measured> {
  const result = await autocannon({
    url: `${url}/api/v1/auth/me`,
    connections: 10,
    duration: SECONDS,
    headers: { authorization: `Bearer ${key}` },
  });
  if (result.non2xx > 0) throw new Error(`${result.non2xx} answers were not 2xx`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function main(): Promise<void> {
  const redis = new Redis(REDIS);
  const memory = new MemorySlidingWindowStorage();
  const shared = new RedisSlidingWindowStorage(redis, PREFIX);
  const rows: Record<string, string | number>[] = [];
  for (const [name, storage, checks] of [
    ['memory', memory, 200_000],
    ['redis', shared, 20_000],
  ] as const) {
    await perCheck(storage, Math.min(checks, 2_000), 1); // warm-up
    rows.push({
      storage: name,
      'µs/check (1 in flight)': (await perCheck(storage, checks, 1)).toFixed(2),
      'µs/check (32 in flight)': (await perCheck(storage, checks, 32)).toFixed(2),
    });
  }
  console.table(rows);
  await memory.close();

  const admin = new Client({ connectionString: POSTGRES });
  await admin.connect();
  const database = `nhx_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(POSTGRES);
  url.pathname = `/${database}`;
  try {
    await migrateDatabase(url.toString());
    const logger = pino({ level: 'silent' });
    const base = (env: Record<string, string>): ResolvedConfig => ({
      ...loadConfig({ NHX_RATE_LIMIT_PER_MINUTE: '1000000', NHX_REDIS_PREFIX: PREFIX, ...env }),
      databaseUrl: url.toString(),
      databaseDirectUrl: url.toString(),
      secretKey: randomBytes(32),
    });
    const operator = await NestFactory.createApplicationContext(OperatorModule.forRoot(base({}), logger), {
      logger: false,
    });
    const { apiKey } = await operator.get(WorkspacesService).createWorkspace({
      name: 'Bench',
      ownerEmail: 'bench@example.com',
    });
    await operator.close();

    // Three apps side by side, measured in turns so that the machine's other load hits all alike.
    const apps = [];
    for (const [name, env, limiter] of [
      ['redis limiter', { REDIS_URL: REDIS }, true],
      ['memory limiter', {}, true],
      ['no limiter', {}, false],
    ] as const) {
      const app = await createHttpApp(
        AppModule.forRoot(base(env), logger, { api: true, worker: false }),
        logger,
      );
      if (!limiter) app.get(RateLimitGuard, { strict: false }).canActivate = async () => true;
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.getHttpServer().address() as { port: number };
      apps.push({ name, app, url: `http://127.0.0.1:${port}`, runs: [] as Measured[] });
    }
    // The whole guard step (throttler options, tracker, storage, headers) in-process, per storage.
    const guardRows = [];
    for (const { name, app } of apps.slice(0, 2)) {
      guardRows.push({
        guard: name,
        'µs/check': (await perGuardCheck(app.get(RateLimitGuard, { strict: false }))).toFixed(2),
      });
    }
    console.table(guardRows);

    for (const { url } of apps) await requestsPerSecond(url, apiKey.key as string); // warm-up
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const entry of apps) entry.runs.push(await requestsPerSecond(entry.url, apiKey.key as string));
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
    console.table(
      apps.map(({ name, runs }) => ({
        'GET /api/v1/auth/me': name,
        'req/s (median)': Math.round(median(runs.map((r) => r.rps))),
        'req/s (each round)': runs.map((r) => Math.round(r.rps)).join(' / '),
        'p50 ms': median(runs.map((r) => r.p50)),
        'p99 ms': median(runs.map((r) => r.p99)),
      })),
    );
    for (const { app } of apps) await app.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
