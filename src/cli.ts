import { buildProgram, CliFailure, isUsageExit } from './cli/commands';
import { CliUsageError } from './cli/output';
import { ConfigError } from './core/config/config';

/**
 * The operator CLI (`nebulahex`). commander parses and checks the arguments first; only a command
 * that needs the database then loads the modules and starts the runtime (same config and modules
 * as the server, no HTTP), so a usage mistake answers at once. Every command prints one JSON object
 * on stdout; errors go to stderr, exit ≠ 0 (2 for a usage or input mistake, 1 for anything else).
 */
buildProgram(async (task, options) => {
  const { runOperatorTask } = await import('./cli/operator-runtime.js');
  await runOperatorTask(task, options);
})
  .parseAsync(process.argv)
  .then(
    () => process.exit(0),
    async (error: unknown) => {
      // commander has printed its message; --help and --version are not failures.
      if (isUsageExit(error)) process.exit(error.exitCode === 0 ? 0 : 2);
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      }
      if (error instanceof CliFailure) {
        process.stderr.write(`nebulahex: ${error.message}\n`);
        process.exit(1);
      }
      if (error instanceof CliUsageError) {
        if (error.message) process.stderr.write(`nebulahex: ${error.message}\n`);
        process.exit(2);
      }
      // A database error's message holds the statement and its values (a new key's hash, say).
      const { describeError } = await import('./cli/operator-runtime.js');
      const message = describeError(error);
      if (message) process.stderr.write(`nebulahex: ${message}\n`);
      process.exit(1);
    },
  );
