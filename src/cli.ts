import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { CliUsageError } from './cli/output';
import { COMMANDS, MIGRATED_AT_START } from './cli/commands';
import { CoreModule } from './core/core.module';
import { ConfigError } from './core/config/config';
import { exitOnStartupError, prepareRuntime } from './core/runtime';
import { ApiError } from './common/http/errors';
import { AuthModule } from './modules/auth/auth.module';
import { BotsModule } from './modules/bots/bots.module';
import { WorkspacesModule } from './modules/workspaces/workspaces.module';

/**
 * The operator CLI (`nebulahex`), standing in for the dashboard. Same config and modules as the
 * server, no HTTP. Every command prints one JSON object on stdout; errors go to stderr, exit ≠ 0.
 */
async function main(argv: string[]): Promise<void> {
  const isMigrate = argv[2] === 'migrate';
  const runtime = await prepareRuntime({ role: 'cli', requireMigrated: !isMigrate });
  @Module({
    imports: [
      CoreModule.forRoot(runtime.config, runtime.logger, { oneShot: true }),
      AuthModule,
      BotsModule,
      WorkspacesModule,
    ],
    providers: [...COMMANDS, { provide: MIGRATED_AT_START, useValue: runtime.migrated }],
  })
  class CliModule {}

  let failure: Error | null = null;
  try {
    await CommandFactory.run(CliModule, {
      cliName: 'nebulahex',
      logger: false,
      errorHandler: (error) => {
        // commander's own exits (--help, --version) are not failures
        const code = (error as { code?: string; exitCode?: number }).exitCode ?? 1;
        if (code !== 0) failure = new CliUsageError(error.message.replace(/^error: /, ''));
      },
      serviceErrorHandler: (error: Error) => {
        failure = error;
      },
    });
  } finally {
    await runtime.close();
  }
  if (failure) throw failure;
}

main(process.argv).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigError) exitOnStartupError(error);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`nebulahex: ${message}\n`);
    process.exit(error instanceof CliUsageError || error instanceof ApiError ? 2 : 1);
  },
);
