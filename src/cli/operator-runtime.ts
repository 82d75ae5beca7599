import { EntityManager } from '@mikro-orm/postgresql';
import { NestFactory } from '@nestjs/core';
import { ApiError } from '../common/http/errors';
import type { ResolvedConfig } from '../core/config/config';
import { migrateDatabase } from '../core/database/migrate';
import { safeErrorMessage } from '../core/logging/redaction';
import { prepareRuntime } from '../core/startup';
import { ApiKeysService } from '../modules/auth/api-keys.service';
import { DashboardSessionsService } from '../modules/auth/dashboard-sessions.service';
import { BotConfigError } from '../modules/bots/bot-config';
import { BotsService } from '../modules/bots/bots.service';
import { toMemberView, WorkspacesService } from '../modules/workspaces/workspaces.service';
import { DemoSeeder } from './demo';
import { OperatorModule } from './operator.module';
import { CliUsageError, printJson } from './output';

/** What a command that works on the database gets once the runtime has started. */
export interface OperatorContext {
  config: ResolvedConfig;
  /** Migrations this process already applied while starting (the embedded default migrates at start). */
  migratedAtStart: string[];
  migrate: (databaseUrl: string) => Promise<string[]>;
  /** How the API shows what a command prints (this file loads them, so commands.ts need not). */
  views: { member: typeof toMemberView };
  services: {
    workspaces: WorkspacesService;
    apiKeys: ApiKeysService;
    sessions: DashboardSessionsService;
    bots: BotsService;
    demo: DemoSeeder;
    em: EntityManager;
  };
}

/**
 * Starts the runtime (the embedded PostgreSQL, when no `DATABASE_URL`) and the operator module
 * (no HTTP), runs `task`, prints its result as the one JSON object on stdout, and stops both.
 * Loaded only once a command's arguments have been checked, so a usage mistake starts nothing.
 * Refusals of the input (an API error, an invalid bot configuration) become usage errors (exit 2).
 */
export async function runOperatorTask(
  task: (context: OperatorContext) => Promise<unknown>,
  options: { requireMigrated?: boolean } = {},
): Promise<void> {
  const runtime = await prepareRuntime({ role: 'cli', requireMigrated: options.requireMigrated ?? true });
  try {
    const app = await NestFactory.createApplicationContext(
      OperatorModule.forRoot(runtime.config, runtime.logger),
      { logger: false, abortOnError: false },
    );
    try {
      const result = await task({
        config: runtime.config,
        migratedAtStart: runtime.migrated,
        migrate: migrateDatabase,
        views: { member: toMemberView },
        services: {
          workspaces: app.get(WorkspacesService),
          apiKeys: app.get(ApiKeysService),
          sessions: app.get(DashboardSessionsService),
          bots: app.get(BotsService),
          demo: app.get(DemoSeeder),
          em: app.get(EntityManager),
        },
      });
      printJson(result);
    } finally {
      await app.close();
    }
  } catch (error) {
    if (error instanceof BotConfigError) {
      throw new CliUsageError(
        `invalid bot configuration:\n${error.details.map((d) => `  - ${d.message}`).join('\n')}`,
      );
    }
    if (error instanceof ApiError) throw new CliUsageError(error.message);
    throw error;
  } finally {
    await runtime.close();
  }
}

/** A printable message for an error the runtime raised: a database error's statement and values left out. */
export function describeError(error: unknown): string {
  return safeErrorMessage(error);
}
