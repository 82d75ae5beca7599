import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyCache } from '../../src/modules/auth/api-key-cache';
import { hashApiKey } from '../../src/modules/auth/api-key-format';
import { startLatencyProxy, type LatencyProxy } from '../support/latency-proxy';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

const TRIALS = 30;

/**
 * Two API instances sharing PostgreSQL and Redis, B farther from PostgreSQL than A (as an instance in
 * another zone is): B hears of every change some milliseconds after A does.
 */
describe('revocation across two API instances', () => {
  let a: TestApi;
  let b: TestApi;
  let proxy: LatencyProxy;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    a = await startTestApi();
    proxy = await startLatencyProxy(a.db.url, 15);
    b = await startTestApi({ NHX_REDIS_PREFIX: a.config.redisPrefix }, { db: { ...a.db, url: proxy.url } });
    ws = await a.createWorkspace();
  });
  afterAll(async () => {
    await b?.close();
    await proxy?.close();
    await a?.close();
  });

  /** Requests until the instance serves the key from its cache (its LISTEN connection is up). */
  async function cached(instance: TestApi, key: string): Promise<void> {
    const cache = instance.app.get(ApiKeyCache);
    await expect
      .poll(
        async () => {
          expect((await instance.call('GET', '/api/v1/auth/me', { key })).status).toBe(200);
          return cache.get(hashApiKey(key)) !== undefined;
        },
        { timeout: 5_000 },
      )
      .toBe(true);
  }

  it(`a key revoked on A is refused by B from the 204 on, both under load (${TRIALS} trials)`, async () => {
    // Background load on both instances: other keys, reads that reach the database.
    const loadKeys = await Promise.all(
      Array.from({ length: 4 }, async () => (await a.issueKey(ws.ownerMemberId)).key as string),
    );
    let loading = true;
    let loadRequests = 0;
    const loops = Array.from({ length: 8 }, async (_, i) => {
      const instance = i % 2 ? b : a;
      const key = loadKeys[i % loadKeys.length];
      while (loading) {
        const path = i % 4 < 2 ? '/api/v1/conversations' : '/api/v1/auth/keys';
        expect((await instance.call('GET', path, { key })).status).toBe(200);
        loadRequests += 1;
      }
    });

    const accepted: number[] = [];
    try {
      for (let trial = 0; trial < TRIALS; trial += 1) {
        const victim = await a.issueKey(ws.ownerMemberId);
        const key = victim.key as string;
        await cached(a, key);
        await cached(b, key);
        const revoked = await a.call('DELETE', `/api/v1/auth/keys/${victim.id}`, { key: ws.ownerKey });
        expect(revoked.status).toBe(204);
        const after = await b.call('GET', '/api/v1/auth/me', { key });
        if (after.status !== 401) {
          accepted.push(trial);
          continue;
        }
        // Refused exactly as an unknown key is: counted under the client address.
        expect(after.body.error.code).toBe('unauthorized');
        expect(after.headers.get('www-authenticate')).toBe('Bearer realm="nebulahex"');
        expect(after.headers.get('ratelimit-policy')).toMatch(/^"anonymous";/);
      }
    } finally {
      loading = false;
      await Promise.all(loops);
    }
    expect(loadRequests).toBeGreaterThan(TRIALS * 4);
    expect(accepted, `trials in which B accepted the revoked key: ${accepted.join(', ')}`).toEqual([]);
  }, 120_000);
});
