import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { createOrmConfig } from './mikro-orm.config';

/** Any constant; every process that migrates takes this PostgreSQL advisory lock first. */
const MIGRATION_LOCK_KEY = 0x6e6878; // "nhx"

/**
 * Applies pending migrations while holding a session advisory lock, so several processes starting
 * together migrate once. Returns the names applied. `databaseUrl` must be a session connection (the
 * direct URL): through a transaction-mode pooler the lock would stay on whichever server connection
 * ran it, unlocked by no one, and block the next migration.
 */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const orm = await MikroORM.init(createOrmConfig(databaseUrl, { poolMax: 2 }));
    try {
      const applied = await orm.getMigrator().up();
      return applied.map((migration) => migration.name);
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.end();
  }
}

export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const orm = await MikroORM.init(createOrmConfig(databaseUrl, { poolMax: 1 }));
  try {
    return (await orm.getMigrator().getPendingMigrations()).map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}
