import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a `ThrottlerStorage` answers (the package does not export the type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * What a check answers: the window's record, or that the credential it named was revoked (then
 * nothing was counted).
 */
export type WindowCheck = ThrottlerStorageRecord | typeof REVOKED;

/** A check naming a credential that `revoke` named: refused as unauthenticated, not as over a limit. */
export const REVOKED = 'revoked';

/**
 * A sliding-window log: a request is admitted when fewer than `limit` requests were admitted in the
 * last `windowMs` (refused requests are not recorded). Both storages implement exactly this; the
 * Redis one in a Lua script, the in-memory one in `MemorySlidingWindowStorage`.
 *
 * The record answers in whole seconds, rounded up, as `@nestjs/throttler` expects:
 * - `totalHits`: admitted requests now in the window (this one included when admitted);
 * - `timeToExpire`: until the oldest of them leaves the window (when `remaining` next grows);
 * - `timeToBlockExpire`: for a refused request, until one would be admitted (`Retry-After`).
 *
 * The storage also holds revoked credentials, so that the check every authenticated request makes
 * anyway can refuse a revoked API key in the same step (in Redis: the same script call, no extra
 * round trip), whichever instance revoked it and whatever that instance's cache still holds.
 */
export interface SlidingWindowStorage extends ThrottlerStorage {
  /**
   * Counts a request against `key`. With `credential`: if that credential is revoked, answers
   * `REVOKED` instead and counts nothing.
   */
  check(key: string, windowMs: number, limit: number, credential?: string): Promise<WindowCheck>;
  increment(key: string, windowMs: number, limit: number): Promise<ThrottlerStorageRecord>;
  /**
   * Revokes `credential` for `ttlMs`: every check naming it that starts after this resolves, on any
   * instance sharing the storage, answers `REVOKED`.
   */
  revoke(credential: string, ttlMs: number): Promise<void>;
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
  /** Revoked credentials and when their revocation expires. */
  private readonly revoked = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = () => performance.now(),
    sweepEveryMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs).unref();
  }

  async check(key: string, windowMs: number, limit: number, credential?: string): Promise<WindowCheck> {
    const revokedUntil = credential === undefined ? undefined : this.revoked.get(credential);
    if (revokedUntil !== undefined && revokedUntil > this.now()) return REVOKED;
    return this.count(key, windowMs, limit);
  }

  async increment(key: string, windowMs: number, limit: number): Promise<ThrottlerStorageRecord> {
    return this.count(key, windowMs, limit);
  }

  async revoke(credential: string, ttlMs: number): Promise<void> {
    this.revoked.set(credential, this.now() + ttlMs);
  }

  /** The check itself, synchronous. */
  count(key: string, windowMs: number, limit: number): ThrottlerStorageRecord {
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

  /** Forgets keys with nothing left in their window, and expired revocations. */
  sweep(): void {
    const now = this.now();
    for (const [credential, until] of this.revoked) if (until <= now) this.revoked.delete(credential);
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
    this.revoked.clear();
  }
}
