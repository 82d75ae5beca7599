import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a `ThrottlerStorage` answers (the package does not export the type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * A sliding-window log: a request is admitted when fewer than `limit` requests were admitted in the
 * last `windowMs` (refused requests are not recorded). Both storages implement exactly this; the
 * Redis one in a Lua script, the in-memory one in `MemorySlidingWindowStorage`.
 *
 * The record answers in whole seconds, rounded up, as `@nestjs/throttler` expects:
 * - `totalHits`: admitted requests now in the window (this one included when admitted);
 * - `timeToExpire`: until the oldest of them leaves the window (when `remaining` next grows);
 * - `timeToBlockExpire`: for a refused request, until one would be admitted (`Retry-After`).
 */
export interface SlidingWindowStorage extends ThrottlerStorage {
  increment(key: string, windowMs: number, limit: number): Promise<ThrottlerStorageRecord>;
  close(): Promise<void>;
}

/**
 * The record for a check. `count` is the number of admitted requests in the window after the check;
 * `waitMs` is, if admitted, the time until the oldest leaves the window, else until the entry whose
 * expiry lets the next request in (the `count - limit`-th oldest) leaves it.
 */
export function windowRecord(admitted: boolean, count: number, waitMs: number): ThrottlerStorageRecord {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return {
    totalHits: count,
    timeToExpire: seconds,
    isBlocked: !admitted,
    timeToBlockExpire: admitted ? 0 : seconds,
  };
}

interface Log {
  /** Admission times, ascending. */
  times: number[];
  windowMs: number;
}

/**
 * The sliding window in this process's memory, for a single API process without Redis. No timer
 * per request: expired entries are dropped when their key is next checked, and one sweep per minute
 * forgets idle keys.
 */
export class MemorySlidingWindowStorage implements SlidingWindowStorage {
  private readonly logs = new Map<string, Log>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = () => performance.now(),
    sweepEveryMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs).unref();
  }

  async increment(key: string, windowMs: number, limit: number): Promise<ThrottlerStorageRecord> {
    return this.check(key, windowMs, limit);
  }

  check(key: string, windowMs: number, limit: number): ThrottlerStorageRecord {
    const now = this.now();
    let log = this.logs.get(key);
    if (!log) {
      log = { times: [], windowMs };
      this.logs.set(key, log);
    }
    log.windowMs = windowMs;
    const { times } = log;
    const firstLive = times.findIndex((time) => time > now - windowMs);
    times.splice(0, firstLive === -1 ? times.length : firstLive);
    if (times.length < limit) {
      times.push(now);
      return windowRecord(true, times.length, times[0] + windowMs - now);
    }
    return windowRecord(false, times.length, times[times.length - limit] + windowMs - now);
  }

  /** Forgets keys with nothing left in their window. */
  sweep(): void {
    const now = this.now();
    for (const [key, log] of this.logs) {
      if (log.times.length === 0 || log.times[log.times.length - 1] <= now - log.windowMs) {
        this.logs.delete(key);
      }
    }
  }

  get size(): number {
    return this.logs.size;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.logs.clear();
  }
}
