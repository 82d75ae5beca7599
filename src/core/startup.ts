import type { Logger } from 'pino';
import { ConfigError, loadConfig, type ResolvedConfig } from './config/config';
import { loadOrCreateSecretKey } from './crypto/secret-key';
import { openEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { migrateDatabase, pendingMigrations } from './database/migrate';
import { createLogger } from './logging/logger';
import { shutdownTracing } from './tracing/trace-context';

export type ProcessRole = 'api' | 'worker' | 'all' | 'cli';

/** What a process needs before Nest boots: resolved config, a logger, and the database it uses. */
export interface Runtime {
  config: ResolvedConfig;
  logger: Logger;
  /** True when this process uses the embedded PostgreSQL (started or attached to). */
  embedded: boolean;
  /** Migrations this start applied. */
  migrated: string[];
  /** Stops what this process started (the embedded PostgreSQL, tracing's exporter); idempotent. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  role: ProcessRole;
  /** Apply pending migrations under the migration lock (all-in-one; always on the embedded default). */
  migrate?: boolean;
  /** Refuse to start on a database with pending migrations (default: every role but the worker). */
  requireMigrated?: boolean;
  env?: Record<string, string | undefined>;
}

/**
 * Reads and validates the environment once, then prepares the database: with `DATABASE_URL` it is
 * used as is; without, the embedded PostgreSQL in `NHX_DATA_DIR` is started (or attached to when
 * another process of ours runs it) and migrated, and the secret key is generated or loaded.
 */
export async function prepareRuntime(options: RuntimeOptions): Promise<Runtime> {
  const config = loadConfig(options.env);
  const logger = createLogger(config.logLevel, options.role === 'cli' ? 2 : 1).child({
    process: options.role,
  });
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  let migrate = options.migrate ?? false;

  if (databaseUrl === null) {
    embedded = await openEmbeddedPostgres(config.dataDir, logger, options.role !== 'worker');
    databaseUrl = embedded.url;
    migrate = options.role !== 'worker';
  }
  // Migrations hold a session advisory lock: they always take the direct connection.
  const databaseDirectUrl = config.databaseDirectUrl ?? databaseUrl;
  const secretKey = config.secretKey ?? (await loadOrCreateSecretKey(config.dataDir));

  let migrated: string[] = [];
  try {
    if (migrate) {
      migrated = await migrateDatabase(databaseDirectUrl);
      if (migrated.length > 0) logger.info({ migrated }, 'database migrated');
    } else if (options.requireMigrated ?? options.role !== 'worker') {
      const pending = await pendingMigrations(databaseDirectUrl);
      if (pending.length > 0) {
        throw new ConfigError(
          'DATABASE_URL',
          `points at a database with ${pending.length} pending migration(s); run \`npm run migrate\` first`,
        );
      }
    }
  } catch (error) {
    await embedded?.stop();
    throw error;
  }

  let closed = false;
  return {
    config: { ...config, databaseUrl, databaseDirectUrl, secretKey },
    logger,
    embedded: embedded !== null,
    migrated,
    close: async () => {
      if (closed) return;
      closed = true;
      await embedded?.stop();
      // Last, so the spans of the shutdown itself are exported too.
      await shutdownTracing();
    },
  };
}

/** Prints a start-up failure without a stack trace for configuration errors, and exits non-zero. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `nebulahex failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
}
