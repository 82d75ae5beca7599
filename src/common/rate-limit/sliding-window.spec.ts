import { afterEach, describe, expect, it } from 'vitest';
import { MemorySlidingWindowStorage, REVOKED, windowRecord } from './sliding-window';

describe('MemorySlidingWindowStorage', () => {
  let now = 0;
  const storage = new MemorySlidingWindowStorage(() => now);
  afterEach(async () => {
    await storage.close();
    now = 0;
  });

  it('admits `limit` requests in a window, then answers when the next one would be admitted', () => {
    for (let i = 1; i <= 3; i += 1) {
      expect(storage.count('k', 10_000, 3)).toEqual({
        totalHits: i,
        timeToExpire: 10,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    }
    now = 4_200;
    expect(storage.count('k', 10_000, 3)).toEqual({
      totalHits: 3,
      timeToExpire: 6,
      isBlocked: true,
      timeToBlockExpire: 6, // 5.8 s rounded up
    });
  });

  it('slides: entries leave one by one, not all at a window boundary', () => {
    storage.count('k', 10_000, 2); // t = 0
    now = 6_000;
    storage.count('k', 10_000, 2); // t = 6 s
    now = 9_999;
    expect(storage.count('k', 10_000, 2).isBlocked).toBe(true);
    now = 10_001; // the first left; the second stays until 16 s
    expect(storage.count('k', 10_000, 2)).toMatchObject({ isBlocked: false, totalHits: 2 });
    now = 10_500;
    expect(storage.count('k', 10_000, 2)).toMatchObject({ isBlocked: true, timeToBlockExpire: 6 });
    now = 16_001;
    expect(storage.count('k', 10_000, 2).isBlocked).toBe(false);
  });

  it('does not record refused requests', () => {
    storage.count('k', 1_000, 1);
    for (let i = 0; i < 50; i += 1) storage.count('k', 1_000, 1);
    now = 1_001;
    expect(storage.count('k', 1_000, 1).isBlocked).toBe(false);
  });

  it('keeps keys apart and forgets idle ones on the sweep', () => {
    storage.count('a', 1_000, 1);
    expect(storage.count('b', 1_000, 1).isBlocked).toBe(false);
    expect(storage.size).toBe(2);
    now = 500;
    storage.sweep();
    expect(storage.size).toBe(2);
    now = 1_000;
    storage.sweep();
    expect(storage.size).toBe(0);
  });

  it('applies a lowered limit to what is already in the window', () => {
    for (let i = 0; i < 5; i += 1) storage.count('k', 10_000, 5);
    now = 1_000;
    // 5 in the window, limit now 2: the 4th oldest must leave before one more fits.
    expect(storage.count('k', 10_000, 2)).toMatchObject({ isBlocked: true, totalHits: 5 });
  });
});

describe('MemorySlidingWindowStorage revocations', () => {
  let now = 0;
  const storage = new MemorySlidingWindowStorage(() => now);
  afterEach(async () => {
    await storage.close();
    now = 0;
  });

  it('refuses checks naming a revoked credential, counting nothing, until the revocation expires', async () => {
    expect(await storage.check('default:key_a', 10_000, 5, 'key_a')).toMatchObject({ totalHits: 1 });
    await storage.revoke('key_a', 5_000);
    expect(await storage.check('default:key_a', 10_000, 5, 'key_a')).toBe(REVOKED);
    // Other credentials, and checks naming none, are counted as before.
    expect(await storage.check('default:key_b', 10_000, 5, 'key_b')).toMatchObject({ totalHits: 1 });
    expect(await storage.check('default:key_a', 10_000, 5)).toMatchObject({ totalHits: 2 });
    now = 5_000;
    storage.sweep();
    expect(await storage.check('default:key_a', 10_000, 5, 'key_a')).toMatchObject({ totalHits: 3 });
  });
});

describe('windowRecord', () => {
  it('rounds waits up to whole seconds, at least 1', () => {
    expect(windowRecord(false, 3, 1)).toMatchObject({ timeToBlockExpire: 1, timeToExpire: 1 });
    expect(windowRecord(false, 3, 1_001)).toMatchObject({ timeToBlockExpire: 2 });
    expect(windowRecord(true, 1, 60_000)).toMatchObject({ timeToBlockExpire: 0, timeToExpire: 60 });
  });
});
