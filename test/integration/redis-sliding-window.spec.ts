import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { RedisSlidingWindowStorage } from '../../src/common/rate-limit/redis-sliding-window';
import { REVOKED } from '../../src/common/rate-limit/sliding-window';

describe('RedisSlidingWindowStorage (the Lua script against a real Redis)', () => {
  const prefix = `nhx-test-${randomBytes(6).toString('hex')}`;
  let redis: Redis;
  let storage: RedisSlidingWindowStorage;

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
    storage = new RedisSlidingWindowStorage(redis, prefix);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('admits exactly `limit` of many concurrent checks', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => storage.increment('burst', 60_000, 20)),
    );
    expect(results.filter((r) => !r.isBlocked)).toHaveLength(20);
    expect(results.filter((r) => r.isBlocked).every((r) => r.totalHits === 20)).toBe(true);
    expect(await redis.zcard(`${prefix}:ratelimit:burst`)).toBe(20);
  });

  it('counts each key of one batch on its own', async () => {
    // checks made in one turn of the event loop go to Redis as one script call
    const keys = ['batch-a', 'batch-b', 'batch-c'];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => storage.increment(keys[i % 3], 60_000, 4 + (i % 3))),
    );
    keys.forEach((key, k) => {
      const mine = results.filter((_, i) => i % 3 === k);
      expect(
        mine.filter((r) => !r.isBlocked),
        key,
      ).toHaveLength(4 + k);
      expect(mine.map((r) => r.totalHits).slice(0, 4 + k), key).toEqual(
        Array.from({ length: 4 + k }, (_, n) => n + 1),
      );
    });
    for (const [k, key] of keys.entries())
      expect(await redis.zcard(`${prefix}:ratelimit:${key}`)).toBe(4 + k);
  });

  it('fails every check of a batch when Redis cannot answer, and recovers', async () => {
    const broken = new Redis(inject('redisUrl'), {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    broken.on('error', () => undefined);
    const offline = new RedisSlidingWindowStorage(broken, prefix);
    const results = await Promise.allSettled([
      offline.increment('x', 1_000, 1),
      offline.increment('y', 1_000, 1),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    broken.disconnect();
    expect((await storage.increment('after-failure', 1_000, 1)).isBlocked).toBe(false);
  });

  it('refuses checks naming a revoked credential in the same batch as others, counting nothing', async () => {
    const other = new RedisSlidingWindowStorage(redis, prefix); // another instance
    await other.revoke('key_gone', 2_000);
    const results = await Promise.all([
      storage.check('default:key_gone', 60_000, 5, 'key_gone'),
      storage.check('default:key_kept', 60_000, 5, 'key_kept'),
      storage.check('default:key_gone', 60_000, 5),
      storage.check('default:key_gone', 60_000, 5, 'key_gone'),
    ]);
    expect(results).toEqual([
      REVOKED,
      expect.objectContaining({ totalHits: 1, isBlocked: false }),
      expect.objectContaining({ totalHits: 1, isBlocked: false }),
      REVOKED,
    ]);
    expect(await redis.zcard(`${prefix}:ratelimit:default:key_gone`)).toBe(1);
    const ttl = await redis.pttl(`${prefix}:revoked:key_gone`);
    expect(ttl).toBeGreaterThan(1_000);
    expect(ttl).toBeLessThanOrEqual(2_000);
  });

  it('expires the key with its window', async () => {
    await storage.increment('ttl', 5_000, 3);
    const ttl = await redis.pttl(`${prefix}:ratelimit:ttl`);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('slides: a request is admitted once the oldest admitted one is a window old', async () => {
    expect((await storage.increment('slide', 1_000, 2)).isBlocked).toBe(false);
    await sleep(500);
    expect((await storage.increment('slide', 1_000, 2)).isBlocked).toBe(false);
    const refused = await storage.increment('slide', 1_000, 2);
    expect(refused).toMatchObject({ isBlocked: true, totalHits: 2, timeToBlockExpire: 1 });
    await sleep(600); // the first left; the second has ~400 ms to go
    expect((await storage.increment('slide', 1_000, 2)).isBlocked).toBe(false);
    expect((await storage.increment('slide', 1_000, 2)).isBlocked).toBe(true);
  });
});
