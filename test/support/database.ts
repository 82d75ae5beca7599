import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';
import { migrateDatabase } from '../../src/core/database/migrate';

export interface TestDatabase {
  /** The service's `DATABASE_URL`: through the suite's PgBouncer when it runs behind one. */
  url: string;
  /** Only behind a pooler: the session connection the service gets as `DATABASE_DIRECT_URL`. */
  directUrl?: string;
  name: string;
  /** Runs SQL directly, for set-up and for asserting what was stored. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The databases this test file created, in order (the PgBouncer project checks their traffic). */
export const createdDatabases: string[] = [];

/**
 * A fresh, migrated database of its own on the suite's PostgreSQL server; `drop()` removes it. Set-up,
 * migrations and `query` use a direct connection; behind the suite's PgBouncer, `url` goes through it.
 */
export async function createTestDatabase(migrate = true): Promise<TestDatabase> {
  const serverUrl = inject('postgresUrl');
  const poolerUrl = inject('poolerUrl');
  const name = `nhx_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  createdDatabases.push(name);
  const directUrl = withDatabase(serverUrl, name);
  if (migrate) await migrateDatabase(directUrl);
  const client = new Client({ connectionString: directUrl });
  await client.connect();
  return {
    url: poolerUrl ? withDatabase(poolerUrl, name) : directUrl,
    ...(poolerUrl ? { directUrl } : {}),
    name,
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    drop: async () => {
      await client.end();
      const closer = new Client({ connectionString: serverUrl });
      await closer.connect();
      await closer.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await closer.end();
    },
  };
}
