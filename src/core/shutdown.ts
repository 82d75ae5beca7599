import type { Logger } from 'pino';

/** How long past its shutdown timeout a process may still take before it is made to exit. */
const BACKSTOP_MS = 5_000;

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
      process.exit(1);
    }, timeoutMs + BACKSTOP_MS);
    late.unref();
    backstop.unref();
    try {
      await options.close();
    } catch (error) {
      logger.error({ err: error }, `${name} failed to stop cleanly`);
      process.exit(1);
    }
    logger.info(`${name} stopped`);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (received) => void stop(received));
}
