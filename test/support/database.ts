import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';
import { migrateDatabase } from '../../src/core/database/migrate';

export interface TestDatabase {
  url: string;
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

/** A fresh, migrated database of its own on the suite's PostgreSQL server; `drop()` removes it. */
export async function createTestDatabase(migrate = true): Promise<TestDatabase> {
  const serverUrl = inject('postgresUrl');
  const name = `nhx_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  if (migrate) await migrateDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    url,
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
