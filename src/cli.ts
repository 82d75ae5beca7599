import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { COMMANDS, MIGRATED_AT_START } from './cli/commands';
import { OperatorModule } from './cli/operator.module';
import { CliUsageError } from './cli/output';
import { ApiError } from './common/http/errors';
import { ConfigError } from './core/config/config';
import { safeErrorMessage } from './core/logging/redaction';
import { exitOnStartupError, prepareRuntime } from './core/startup';

/**
 * The operator CLI (`nebulahex`), standing in for the dashboard. Same config and modules as the
 * server, no HTTP. Every command prints one JSON object on stdout; errors go to stderr, exit ≠ 0
 * (2 for a usage or input mistake, 1 for anything else).
 */
async function main(argv: string[]): Promise<void> {
  const runtime = await prepareRuntime({ role: 'cli', requireMigrated: argv[2] !== 'migrate' });
  @Module({
    imports: [OperatorModule.forRoot(runtime.config, runtime.logger)],
    providers: [...COMMANDS, { provide: MIGRATED_AT_START, useValue: runtime.migrated }],
  })
  class CliModule {}

  const failures: Error[] = [];
  try {
    await CommandFactory.run(CliModule, {
      logger: false,
      errorHandler: (error) => {
        // commander has printed its message; --help and --version are not failures. Commander
        // calls process.exit(1) itself unless this throws, so a usage mistake is thrown to exit 2.
        if ((error as { exitCode?: number }).exitCode !== 0) throw new CliUsageError('');
      },
      serviceErrorHandler: (error: Error) => {
        failures.push(error);
      },
    });
  } finally {
    await runtime.close();
  }
  if (failures.length > 0) throw failures[0];
}

main(process.argv).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigError) exitOnStartupError(error);
    // A database error's message holds the statement and its values (a new key's hash, say).
    const message = safeErrorMessage(error);
    if (message) process.stderr.write(`nebulahex: ${message}\n`);
    process.exit(error instanceof CliUsageError || error instanceof ApiError ? 2 : 1);
  },
);
