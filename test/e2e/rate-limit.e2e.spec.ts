import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';
import { expectRateLimited } from '../support/expect';

/** `"default";r=59;t=60` → { r: 59, t: 60 } */
function rateLimitOf(res: { headers: Headers }): { name: string; r: number; t: number } {
  const match = /^"([\w-]+)";r=(\d+);t=(\d+)$/.exec(res.headers.get('ratelimit') ?? '');
  expect(match, `RateLimit: ${res.headers.get('ratelimit')}`).not.toBeNull();
  return { name: match![1], r: Number(match![2]), t: Number(match![3]) };
}

describe('two API instances sharing one Redis', () => {
  let first: TestApi;
  let second: TestApi;
  let ws: SeededWorkspace;
  let otherKey: string;

  beforeAll(async () => {
    first = await startTestApi({ NHX_RATE_LIMIT_PER_MINUTE: '60' });
    second = await startTestApi(
      { NHX_RATE_LIMIT_PER_MINUTE: '60', NHX_REDIS_PREFIX: first.config.redisPrefix },
      { db: first.db },
    );
    ws = await first.createWorkspace();
    otherKey = (await first.issueKey(ws.ownerMemberId)).key as string;
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('admits exactly 60 of 100 concurrent requests with one key, across both instances', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? second : first).call('GET', '/api/v1/auth/me', { key: ws.ownerKey }),
      ),
    );
    const admitted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(admitted).toHaveLength(60);
    expect(refused).toHaveLength(40);
    for (const res of refused) {
      const retryAfter = expectRateLimited(res);
      expect(retryAfter).toBeGreaterThanOrEqual(59);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.headers.get('ratelimit-policy')).toBe('"default";q=60;w=60');
      expect(rateLimitOf(res)).toEqual({ name: 'default', r: 0, t: retryAfter });
    }
    const remaining = admitted.map((res) => rateLimitOf(res).r).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 60 }, (_, i) => i));

    // Both instances agree, and a second key of the same member is unaffected.
    expect((await first.call('GET', '/api/v1/auth/me', { key: ws.ownerKey })).status).toBe(429);
    const other = await second.call('GET', '/api/v1/bots', { key: otherKey });
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-policy')).toBe('"default";q=60;w=60');
    expect(rateLimitOf(other)).toEqual({ name: 'default', r: 59, t: 60 });
  });

  it('counts errors answered after authentication (404, 403, 400) like any request', async () => {
    const key = (await first.issueKey(ws.ownerMemberId)).key as string;
    const res = await first.call('GET', '/api/v1/conversations/cnv_missing', { key });
    expect(res.status).toBe(404);
    expect(rateLimitOf(res).r).toBe(59);
    const invalid = await second.call('GET', '/api/v1/bots?limit=0', { key });
    expect(invalid.status).toBe(400);
    expect(rateLimitOf(invalid).r).toBe(58);
  });
});

describe.each([
  ['Redis', {}],
  ['memory (no REDIS_URL)', { REDIS_URL: '' }],
])('rate limits on %s storage', (_storage, storageEnv: Record<string, string>) => {
  let api: TestApi;
  let ws: SeededWorkspace;
  const WINDOW_S = 4;

  beforeAll(async () => {
    api = await startTestApi({
      NHX_RATE_LIMIT_PER_MINUTE: '4',
      NHX_RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_S),
      NHX_TRUST_PROXY: 'true',
      ...storageEnv,
    });
    ws = await api.createWorkspace();
  });
  afterAll(async () => {
    await api?.close();
  });

  const me = (key: string) => api.call('GET', '/api/v1/auth/me', { key });

  it('admits exactly the limit of concurrent requests', async () => {
    const key = (await api.issueKey(ws.ownerMemberId)).key as string;
    const results = await Promise.all(Array.from({ length: 12 }, () => me(key)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    for (const res of results.filter((r) => r.status !== 200)) expectRateLimited(res);
  });

  it('slides: requests leave the window one by one, and Retry-After is within 1 s of the true wait', async () => {
    const key = (await api.issueKey(ws.ownerMemberId)).key as string;
    const start = Date.now();
    // t ≈ 0: two requests; t ≈ W/2: two more. All four admitted.
    for (const res of await Promise.all([me(key), me(key)])) expect(res.status).toBe(200);
    await sleep(start + (WINDOW_S * 1000) / 2 - Date.now());
    const secondSent = Date.now();
    for (const res of await Promise.all([me(key), me(key)])) expect(res.status).toBe(200);
    const secondDone = Date.now();

    // Just before the first two leave the window: refused.
    await sleep(start + WINDOW_S * 1000 - 500 - Date.now());
    const early = await me(key);
    const retryEarly = expectRateLimited(early);
    expect(retryEarly).toBe(1);

    // Just after: the first two have left (a fixed window starting at t = 0 would now admit four).
    await sleep(secondDone - secondSent + start + WINDOW_S * 1000 + 400 - Date.now());
    expect((await me(key)).status).toBe(200);
    expect((await me(key)).status).toBe(200);
    const refusedSent = Date.now();
    const refused = await me(key);
    const refusedDone = Date.now();
    const retryAfter = expectRateLimited(refused);
    // The true wait: until the requests sent at t ≈ W/2 are a window old.
    const shortest = (secondSent + WINDOW_S * 1000 - refusedDone) / 1000;
    const longest = (secondDone + WINDOW_S * 1000 - refusedSent) / 1000;
    expect(retryAfter).toBeGreaterThanOrEqual(shortest);
    expect(retryAfter).toBeLessThanOrEqual(longest + 1);
    expect(rateLimitOf(refused)).toEqual({ name: 'default', r: 0, t: retryAfter });

    await sleep(retryAfter * 1000);
    expect((await me(key)).status).toBe(200);
  });

  it('limits requests without a valid key per client address, 401 until 429', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.7' };
    const unknown = 'nhx_sk_' + 'A'.repeat(32) + 'AAAAAA';
    const attempts = [
      await api.call('GET', '/api/v1/bots', { headers: ip }),
      await api.call('GET', '/api/v1/bots', { key: 'nhx_sk_typo', headers: ip }),
      await api.call('GET', '/api/v1/bots', { key: unknown, headers: ip }),
      await api.call('POST', '/api/v1/actions/resolve-conversation', { key: unknown, headers: ip, body: {} }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(401);
      expect(res.headers.get('ratelimit-policy')).toBe(`"anonymous";q=4;w=${WINDOW_S}`);
    }
    const refused = await api.call('GET', '/api/v1/bots', { key: unknown, headers: ip });
    expectRateLimited(refused);
    expect(rateLimitOf(refused).name).toBe('anonymous');
    expect((await api.call('GET', '/api/v1/bots', { headers: ip })).status).toBe(429);

    // Another address is not affected; nor is a valid key from the limited one.
    const elsewhere = await api.call('GET', '/api/v1/bots', {
      headers: { 'x-forwarded-for': '203.0.113.8' },
    });
    expect(elsewhere.status).toBe(401);
    const valid = await api.call('GET', '/api/v1/bots', { key: ws.ownerKey, headers: ip });
    expect(valid.status).toBe(200);
    expect(rateLimitOf(valid).name).toBe('default');
  });

  it("uses the key's own limit, else its workspace's, else the default", async () => {
    const other = await api.createWorkspace('Globex');
    await api.db.query('UPDATE workspaces SET rate_limit_per_minute = 2 WHERE id = $1', [other.workspaceId]);
    const workspaceLimited = await me(other.ownerKey);
    expect(workspaceLimited.headers.get('ratelimit-policy')).toBe(`"default";q=2;w=${WINDOW_S}`);
    expect((await me(other.ownerKey)).status).toBe(200);
    expectRateLimited(await me(other.ownerKey));

    const own = await api.issueKey(other.ownerMemberId);
    await api.db.query('UPDATE api_keys SET rate_limit_per_minute = 7 WHERE id = $1', [own.id]);
    expect((await me(own.key as string)).headers.get('ratelimit-policy')).toBe(`"default";q=7;w=${WINDOW_S}`);

    const fresh = await api.issueKey(ws.ownerMemberId);
    expect((await me(fresh.key as string)).headers.get('ratelimit-policy')).toBe(
      `"default";q=4;w=${WINDOW_S}`,
    );
  });

  it('never limits health, metrics or the docs, and sends them no RateLimit headers', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/docs/openapi.json']) {
      for (let i = 0; i < 6; i += 1) {
        const res = await api.call('GET', path, { headers: { 'x-forwarded-for': '198.51.100.1' } });
        expect(res.status, path).toBe(200);
        expect(res.headers.get('ratelimit'), path).toBeNull();
      }
    }
  });
});

describe('when Redis does not answer', () => {
  let api: TestApi;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    api = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:1', NHX_RATE_LIMIT_PER_MINUTE: '2' });
    ws = await api.createWorkspace();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lets requests through, counts the failures, and is not ready', async () => {
    for (let i = 0; i < 4; i += 1) {
      const res = await api.call('GET', '/api/v1/auth/me', { key: ws.ownerKey });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
    const metrics = await api.call('GET', '/metrics');
    expect(metrics.text).toMatch(/^nhx_rate_limit_errors_total 4$/m);
    const ready = await api.call('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', checks: { database: 'up', redis: 'down' } });
  });

  it('still revokes: answers 204, and the key is refused from then on', async () => {
    const victim = await api.issueKey(ws.ownerMemberId);
    expect((await api.call('GET', '/api/v1/auth/me', { key: victim.key })).status).toBe(200);
    const revoked = await api.call('DELETE', `/api/v1/auth/keys/${victim.id}`, { key: ws.ownerKey });
    expect(revoked.status).toBe(204);
    expect((await api.call('GET', '/api/v1/auth/me', { key: victim.key })).status).toBe(401);
  });
});
