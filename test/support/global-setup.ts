import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { openEmbeddedPostgres, type EmbeddedDatabase } from '../../src/core/database/embedded-postgres';
import { pingPostgres, pingRedis } from './services';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL whose user may create databases; each test file makes its own. */
    postgresUrl: string;
    redisUrl: string;
    /**
     * A transaction-mode PgBouncer in front of `postgresUrl` (the `e2e-pgbouncer` project), or null.
     * When set, the service's `DATABASE_URL` goes through it and `DATABASE_DIRECT_URL` does not.
     */
    poolerUrl: string | null;
  }
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';

export interface Services {
  postgresUrl: string;
  redisUrl: string;
  /** Stops what was started for the run (the embedded PostgreSQL). */
  teardown: () => Promise<void>;
}

/**
 * Finds the services the suite runs against: `DATABASE_URL`/`REDIS_URL` when set, else the local
 * defaults. With no reachable PostgreSQL (and no DATABASE_URL) it starts the embedded one in a temp
 * directory; with no reachable Redis it stops the run at once, saying how to provide one.
 */
export async function findServices(): Promise<Services> {
  const redisUrl = process.env.REDIS_URL || LOCAL_REDIS;
  try {
    await pingRedis(redisUrl);
  } catch (error) {
    throw new Error(
      `The tests need Redis, and none answers at ${redisUrl} (${(error as Error).message}). ` +
        'Start one (redis-server --daemonize yes --port 6379) or set REDIS_URL=redis://host:port.',
    );
  }

  let embedded: EmbeddedDatabase | null = null;
  let embeddedDir: string | null = null;
  let postgresUrl = process.env.DATABASE_URL || LOCAL_POSTGRES;
  try {
    await pingPostgres(postgresUrl);
  } catch (error) {
    if (process.env.DATABASE_URL) {
      throw new Error(
        `DATABASE_URL is set but PostgreSQL does not answer there: ${(error as Error).message}`,
      );
    }
    embeddedDir = await mkdtemp(join(tmpdir(), 'nhx-test-pg-'));
    process.stderr.write(`No PostgreSQL at ${LOCAL_POSTGRES}; starting the embedded one in ${embeddedDir}\n`);
    embedded = await openEmbeddedPostgres(embeddedDir, pino({ level: 'warn' }), true);
    postgresUrl = embedded.url;
  }

  return {
    postgresUrl,
    redisUrl,
    teardown: async () => {
      await embedded?.stop();
      if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await findServices();
  project.provide('postgresUrl', services.postgresUrl);
  project.provide('redisUrl', services.redisUrl);
  project.provide('poolerUrl', null);
  return services.teardown;
}
