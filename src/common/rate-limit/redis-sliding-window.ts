import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { windowRecord, type SlidingWindowStorage, type ThrottlerStorageRecord } from './sliding-window';

/**
 * One round trip for a batch of checks, atomic on the server. For each key in turn: prune its
 * sorted set to the window, count it, and either add this request or find when the next one would
 * be admitted. Times are Redis's own clock (`TIME`, microseconds), so API instances with skewed
 * clocks share one window. A key may appear more than once in a batch: its checks run in order.
 *
 * KEYS[i] a log; ARGV[3i-2] its window in ms, ARGV[3i-1] its limit, ARGV[3i] a member suffix unique
 * per request. Returns, per key, {admitted 0|1, count after the check, wait in µs} (see `windowRecord`).
 */
export const SLIDING_WINDOW_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local stamp = t[1] .. '.' .. t[2] .. '-'
local out = {}
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[3 * i - 2]) * 1000
  local limit = tonumber(ARGV[3 * i - 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count < limit then
    redis.call('ZADD', key, now, stamp .. ARGV[3 * i])
    redis.call('PEXPIRE', key, ARGV[3 * i - 2])
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    out[#out + 1] = 1
    out[#out + 1] = count + 1
    out[#out + 1] = tonumber(oldest[2]) + window - now
  else
    local next = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    out[#out + 1] = 0
    out[#out + 1] = count
    out[#out + 1] = tonumber(next[2]) + window - now
  end
end
return out
`;

const COMMAND = 'nhxSlidingWindows';
/** At most this many checks per script call (bounds the time Redis spends in one call). */
const MAX_BATCH = 256;

type WindowsCommand = (keyCount: number, ...keysThenArgs: (string | number)[]) => Promise<number[]>;

interface PendingCheck {
  key: string;
  windowMs: number;
  limit: number;
  member: string;
  resolve: (record: ThrottlerStorageRecord) => void;
  reject: (error: unknown) => void;
}

/**
 * The sliding window shared by every API instance: a sorted-set log per key in Redis, under
 * `<prefix>:ratelimit:`. Keys expire with their window, so idle ones cost nothing.
 *
 * Checks are batched: those made in one turn of the event loop (every request read in one poll)
 * go to Redis as one script call at `setImmediate`, whatever their keys. Per request that is one
 * entry in an array instead of a command, a write and a reply of its own — issue 7's profile had the
 * per-request round trip as the API's largest cost. The script's keys are not hash-tagged together,
 * so this needs one Redis (or a primary), not Redis Cluster.
 */
export class RedisSlidingWindowStorage implements SlidingWindowStorage {
  private readonly instance = randomBytes(6).toString('base64url');
  private sequence = 0;
  private readonly run: WindowsCommand;
  private pending: PendingCheck[] = [];

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { lua: SLIDING_WINDOW_LUA });
    const command = (redis as unknown as Record<string, WindowsCommand>)[COMMAND];
    this.run = command.bind(redis);
  }

  increment(key: string, windowMs: number, limit: number): Promise<ThrottlerStorageRecord> {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({
        key: `${this.keyPrefix}:ratelimit:${key}`,
        windowMs,
        limit,
        member: `${this.instance}${this.sequence}`,
        resolve,
        reject,
      });
    });
  }

  private flush(): void {
    const all = this.pending;
    this.pending = [];
    for (let start = 0; start < all.length; start += MAX_BATCH) {
      const batch = all.slice(start, start + MAX_BATCH);
      const args: (string | number)[] = batch.map((check) => check.key);
      for (const check of batch) args.push(check.windowMs, check.limit, check.member);
      this.run(batch.length, ...args).then(
        (out) =>
          batch.forEach((check, i) =>
            check.resolve(windowRecord(out[3 * i] === 1, out[3 * i + 1], out[3 * i + 2] / 1000)),
          ),
        (error: unknown) => batch.forEach((check) => check.reject(error)),
      );
    }
  }

  /** The connection is shared and closed by the Redis module. */
  async close(): Promise<void> {}
}
