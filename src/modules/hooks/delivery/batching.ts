/** A window in which concurrent jobs' claims (and records) are gathered into one statement. */
const BATCH_WINDOW_MS = 2;
const MAX_BATCH = 64;

/** DataLoader options for the processor's batches: no cache, at most 64 items gathered over 2 ms. */
export const batchOptions = {
  cache: false,
  maxBatchSize: MAX_BATCH,
  batchScheduleFn: (run: () => void) => setTimeout(run, BATCH_WINDOW_MS),
};

/** PostgreSQL's deadlock and serialization failures: the statement is safe to run again at once. */
const RETRYABLE = new Set(['40P01', '40001']);
const RETRIES = 3;

/**
 * Runs `work`, again (up to 3 times in all) when PostgreSQL picked it as a deadlock victim.
 * Concurrent batches, failure records and a pause cancelling a subscription's pending deliveries
 * lock rows of the same tables in no common order; a deadlock aborts one of them, which is retried
 * rather than failing its jobs into BullMQ's slower backoff.
 */
export async function retryingDeadlocks<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= RETRIES || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

/**
 * Runs a batch; if the statement fails, runs each item alone, so one bad row fails only its own job
 * (which BullMQ retries) and not the jobs batched with it.
 */
export async function isolated<K, V>(
  items: readonly K[],
  run: (batch: readonly K[]) => Promise<V[]>,
): Promise<(V | Error)[]> {
  try {
    return await retryingDeadlocks(() => run(items));
  } catch (error) {
    if (items.length === 1) return [error instanceof Error ? error : new Error(String(error))];
    return Promise.all(
      items.map((item) =>
        retryingDeadlocks(() => run([item])).then(
          ([value]) => value,
          (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
        ),
      ),
    );
  }
}
