import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { windowRecord, type SlidingWindowStorage, type ThrottlerStorageRecord } from './sliding-window';

/**
 * One round trip, atomic on the server: prune the key's sorted set to the window, count it, and
 * either add this request or find when the next one would be admitted. Times are Redis's own clock
 * (`TIME`, microseconds), so API instances with skewed clocks share one window.
 *
 * KEYS[1] the log; ARGV[1] window in ms; ARGV[2] limit; ARGV[3] a member suffix unique per request.
 * Returns {admitted 0|1, count after the check, wait in µs} (see `windowRecord`).
 */
export const SLIDING_WINDOW_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1]) * 1000
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, t[1] .. '.' .. t[2] .. '-' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {1, count + 1, tonumber(oldest[2]) + window - now}
end
local next = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return {0, count, tonumber(next[2]) + window - now}
`;

const COMMAND = 'nhxSlidingWindow';

type WindowCommand = (key: string, windowMs: number, limit: number, member: string) => Promise<number[]>;

/**
 * The sliding window shared by every API instance: a sorted-set log per key in Redis, under
 * `<prefix>:ratelimit:`. Keys expire with their window, so idle ones cost nothing.
 */
export class RedisSlidingWindowStorage implements SlidingWindowStorage {
  private readonly instance = randomBytes(6).toString('base64url');
  private sequence = 0;
  private readonly run: WindowCommand;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: SLIDING_WINDOW_LUA });
    const command = (redis as unknown as Record<string, WindowCommand>)[COMMAND];
    this.run = command.bind(redis);
  }

  async increment(key: string, windowMs: number, limit: number): Promise<ThrottlerStorageRecord> {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    const [admitted, count, waitMicros] = await this.run(
      `${this.keyPrefix}:ratelimit:${key}`,
      windowMs,
      limit,
      `${this.instance}${this.sequence}`,
    );
    return windowRecord(admitted === 1, count, waitMicros / 1000);
  }

  /** The connection is shared and closed by the Redis module. */
  async close(): Promise<void> {}
}
