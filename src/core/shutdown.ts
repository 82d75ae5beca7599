import type { Logger } from 'pino';

/** How long past its shutdown timeout a process may still take before it is made to exit. */
const BACKSTOP_MS = 5_000;
/** How long the last log lines may take to be written before the process exits anyway. */
const LOG_FLUSH_MS = 1_000;

/**
 * Exits once the log's pending lines are written: stdout is an asynchronous destination, and
 * `process.exit` right after a line can drop it (the "… stopped" line a supervisor looks for).
 */
function exitAfterLog(logger: Logger, code: number): void {
  const exit = () => process.exit(code);
  // Held, not unref'd: should the flush never call back, this timer still ends the process with `code`.
  setTimeout(exit, LOG_FLUSH_MS);
  logger.flush(exit);
}

/**
 * Stops a process on SIGTERM or SIGINT: `close` (which must finish what is in flight, bounded by
 * `timeoutMs`), then a last log line saying it stopped, then exit 0. `atTimeout` runs when
 * `timeoutMs` has passed and `close` is still going (to cut what is left); should the process still
 * be stopping `BACKSTOP_MS` later, or `close` fail, it logs why and exits 1.
 */
export function stopOnSignals(options: {
  name: string;
  logger: Logger;
  timeoutMs: number;
  close: () => Promise<void>;
  atTimeout?: () => void;
}): void {
  const { name, logger, timeoutMs } = options;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs }, `${name} stopping`);
    const late = setTimeout(() => options.atTimeout?.(), timeoutMs);
    const backstop = setTimeout(() => {
      logger.error({ timeoutMs }, `${name} did not stop within NHX_SHUTDOWN_TIMEOUT_MS; exiting`);
      exitAfterLog(logger, 1);
    }, timeoutMs + BACKSTOP_MS);
    late.unref();
    backstop.unref();
    try {
      await options.close();
    } catch (error) {
      logger.error({ err: error }, `${name} failed to stop cleanly`);
      return exitAfterLog(logger, 1);
    }
    logger.info(`${name} stopped`);
    exitAfterLog(logger, 0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (received) => void stop(received));
}
