import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  REVOKED,
  windowRecord,
  type SlidingWindowStorage,
  type ThrottlerStorageRecord,
  type WindowCheck,
} from './sliding-window';

/**
 * One round trip for a batch of checks, atomic on the server. For each check in turn: if it names a
 * revoked credential, answer so and count nothing; else prune the key's sorted set to the window,
 * count it, and either add this request or find when the next one would be admitted. Times are
 * Redis's own clock (`TIME`, microseconds), so API instances with skewed clocks share one window. A
 * key may appear more than once in a batch: its checks run in order.
 *
 * KEYS[2i-1] a log, KEYS[2i] the revocation key of the credential it names, or '' for none;
 * ARGV[3i-2] its window in ms, ARGV[3i-1] its limit, ARGV[3i] a member suffix unique per request.
 * Returns, per check, {status, count after the check, wait in µs}: status 1 admitted, 0 refused,
 * 2 revoked (see `windowRecord`).
 */
export const SLIDING_WINDOW_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local stamp = t[1] .. '.' .. t[2] .. '-'
local out = {}
for i = 1, #KEYS / 2 do
  local key = KEYS[2 * i - 1]
  local revocation = KEYS[2 * i]
  local window = tonumber(ARGV[3 * i - 2]) * 1000
  local limit = tonumber(ARGV[3 * i - 1])
  if revocation ~= '' and redis.call('EXISTS', revocation) == 1 then
    out[#out + 1] = 2
    out[#out + 1] = 0
    out[#out + 1] = 0
  else
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
end
return out
`;

const COMMAND = 'nhxSlidingWindows';
/** At most this many checks per script call (bounds the time Redis spends in one call). */
const MAX_BATCH = 256;

type WindowsCommand = (keyCount: number, ...keysThenArgs: (string | number)[]) => Promise<number[]>;

interface PendingCheck {
  key: string;
  /** The revocation key of the credential the check names, or ''. */
  revocation: string;
  windowMs: number;
  limit: number;
  member: string;
  resolve: (check: WindowCheck) => void;
  reject: (error: unknown) => void;
}

/**
 * The sliding window shared by every API instance: a sorted-set log per key in Redis, under
 * `<prefix>:ratelimit:`. Keys expire with their window, so idle ones cost nothing. A revoked
 * credential is a key `<prefix>:revoked:<credential>` that expires with its revocation.
 *
 * Checks are batched: those made in one turn of the event loop (every request read in one poll)
 * go to Redis as one script call at `setImmediate`, whatever their keys. Per request that is one
 * entry in an array instead of a command, a write and a reply of its own — the API's CPU profile had the
 * per-request round trip as the API's largest cost. The script's keys are not hash-tagged together,
 * so this needs one Redis (or a primary), not Redis Cluster.
 */
export class RedisSlidingWindowStorage implements SlidingWindowStorage {
  private readonly instance = randomBytes(6).toString('base64url');
  private sequence = 0;
  private readonly run: WindowsCommand;
  private pending: PendingCheck[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { lua: SLIDING_WINDOW_LUA });
    const command = (redis as unknown as Record<string, WindowsCommand>)[COMMAND];
    this.run = command.bind(redis);
  }

  async increment(key: string, windowMs: number, limit: number): Promise<ThrottlerStorageRecord> {
    // Names no credential, so never REVOKED.
    return (await this.check(key, windowMs, limit)) as ThrottlerStorageRecord;
  }

  check(key: string, windowMs: number, limit: number, credential?: string): Promise<WindowCheck> {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({
        key: `${this.keyPrefix}:ratelimit:${key}`,
        revocation: credential === undefined ? '' : this.revocationKey(credential),
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
      const args: (string | number)[] = batch.flatMap((check) => [check.key, check.revocation]);
      for (const check of batch) args.push(check.windowMs, check.limit, check.member);
      this.run(2 * batch.length, ...args).then(
        (out) =>
          batch.forEach((check, i) =>
            check.resolve(
              out[3 * i] === 2
                ? REVOKED
                : windowRecord(out[3 * i] === 1, out[3 * i + 1], out[3 * i + 2] / 1000),
            ),
          ),
        (error: unknown) => batch.forEach((check) => check.reject(error)),
      );
    }
  }

  async revoke(credential: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.revocationKey(credential), '1', 'PX', ttlMs);
  }

  private revocationKey(credential: string): string {
    return `${this.keyPrefix}:revoked:${credential}`;
  }

  /** The connection is shared and closed by the Redis module. */
  async close(): Promise<void> {}
}
