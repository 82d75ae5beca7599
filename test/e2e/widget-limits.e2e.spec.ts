import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../support/http';
import { startTestApi, type TestApi } from '../support/test-app';
import { expectRateLimited } from '../support/expect';

const WINDOW_S = 4;
const LIMITS = {
  NHX_RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_S),
  NHX_RATE_LIMIT_PER_MINUTE: '6',
  NHX_WIDGET_SESSIONS_PER_MINUTE: '4',
  NHX_WIDGET_MESSAGES_PER_MINUTE: '3',
  NHX_WIDGET_POLLS_PER_MINUTE: '5',
  NHX_TRUST_PROXY: 'true',
};

const from = (address: string) => ({ 'x-forwarded-for': address });

/** `"widget-polls";r=4;t=4` → { name: 'widget-polls', r: 4, t: 4 } */
function rateLimitOf(res: ApiResponse): { name: string; r: number; t: number } {
  const match = /^"([\w-]+)";r=(\d+);t=(\d+)$/.exec(res.headers.get('ratelimit') ?? '');
  expect(match, `RateLimit: ${res.headers.get('ratelimit')}`).not.toBeNull();
  return { name: match![1], r: Number(match![2]), t: Number(match![3]) };
}

describe('widget limits, across two API instances sharing Redis', () => {
  let a: TestApi;
  let b: TestApi;
  let botId: string;

  beforeAll(async () => {
    a = await startTestApi(LIMITS);
    b = await startTestApi({ ...LIMITS, NHX_REDIS_PREFIX: a.config.redisPrefix }, { db: a.db });
    const ws = await a.createWorkspace();
    botId = (await a.createBot(ws.workspaceId, 'Helper')).id;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const instance = (i: number) => (i % 2 ? b : a);
  const startSession = (i: number, address: string) =>
    instance(i).call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {}, headers: from(address) });

  it('limits session creation per client address, whichever instance answers', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => startSession(i, '203.0.113.10')));
    const created = results.filter((res) => res.status === 201);
    const refused = results.filter((res) => res.status !== 201);
    expect(created).toHaveLength(4);
    expect(refused).toHaveLength(6);
    for (const res of results) {
      expect(res.headers.get('ratelimit-policy')).toBe(`"widget-sessions";q=4;w=${WINDOW_S}`);
    }
    expect(created.map((res) => rateLimitOf(res).r).sort()).toEqual([0, 1, 2, 3]);
    for (const res of refused) {
      const retryAfter = expectRateLimited(res);
      expect(retryAfter).toBeGreaterThanOrEqual(WINDOW_S - 1);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_S);
      expect(rateLimitOf(res)).toEqual({ name: 'widget-sessions', r: 0, t: retryAfter });
      expect(res.body.error.message).toMatch(/sessions started from this address/);
    }
    const [{ count }] = await a.db.query<{ count: string }>(
      `SELECT count(*) FROM widget_sessions s JOIN conversations c ON c.id = s.conversation_id
        WHERE c.bot_id = $1`,
      [botId],
    );
    expect(Number(count)).toBe(4);

    // Another address is not affected; an IPv6 address counts per /64.
    const other = await startSession(1, '203.0.113.11');
    expect(other.status).toBe(201);
    expect(rateLimitOf(other).r).toBe(3);
    expect((await startSession(0, '2001:db8:1:2::1')).status).toBe(201);
    expect(rateLimitOf(await startSession(1, '2001:db8:1:2::ffff')).r).toBe(2);

    // After Retry-After, the address may start a session again.
    await sleep(expectRateLimited(await startSession(0, '203.0.113.10')) * 1000);
    expect((await startSession(1, '203.0.113.10')).status).toBe(201);
  });

  it("limits a session's messages and polls per session, whichever instance answers", async () => {
    const session = (await startSession(0, '198.51.100.20')).body;
    const other = (await startSession(1, '198.51.100.20')).body;
    const messages = (s: typeof session) => `/widget/v1/sessions/${s.sessionId}/messages`;
    // Each message from its own address: the limit is the session's, not the address's.
    const sent = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        instance(i).call('POST', messages(session), {
          key: session.sessionToken,
          body: { text: `hello ${i}` },
          headers: from(`192.0.2.${i + 1}`),
        }),
      ),
    );
    expect(sent.filter((res) => res.status === 201)).toHaveLength(3);
    for (const res of sent) {
      expect(res.headers.get('ratelimit-policy')).toBe(`"widget-messages";q=3;w=${WINDOW_S}`);
      if (res.status === 201) continue;
      expectRateLimited(res);
      expect(rateLimitOf(res).r).toBe(0);
      expect(res.body.error.message).toMatch(/messages in this chat session/);
    }
    const [{ count }] = await a.db.query<{ count: string }>(
      `SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.session_id = $1 AND m.author = 'customer'`,
      [session.sessionId],
    );
    expect(Number(count)).toBe(3);

    // Polls have their own allowance, untouched by the messages.
    const polled = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        instance(i).call('GET', messages(session), { key: session.sessionToken }),
      ),
    );
    expect(polled.filter((res) => res.status === 200)).toHaveLength(5);
    for (const res of polled) {
      expect(res.headers.get('ratelimit-policy')).toBe(`"widget-polls";q=5;w=${WINDOW_S}`);
      if (res.status !== 200) expectRateLimited(res);
    }

    // Another session, from the same address, is not affected.
    const elsewhere = await b.call('POST', messages(other), {
      key: other.sessionToken,
      body: { text: 'hi' },
      headers: from('198.51.100.20'),
    });
    expect(elsewhere.status).toBe(201);
    expect(rateLimitOf(elsewhere)).toMatchObject({ name: 'widget-messages', r: 2 });
    const poll = await a.call('GET', messages(other), { key: other.sessionToken });
    expect(rateLimitOf(poll)).toMatchObject({ name: 'widget-polls', r: 4 });
  });

  it('counts requests without a valid session token per client address, not against the session', async () => {
    const session = (await startSession(0, '198.51.100.30')).body;
    const path = `/widget/v1/sessions/${session.sessionId}/messages`;
    const address = from('198.51.100.31');
    const wrong = 'nhx_wt_' + 'A'.repeat(40);
    const attempts = [
      await a.call('POST', path, { key: wrong, body: { text: 'hi' }, headers: address }),
      await b.call('GET', path, { key: wrong, headers: address }),
      await a.call('GET', path, { headers: address }),
      await b.call('GET', '/widget/v1/sessions/ses_doesnotexist0000000000/messages', { headers: address }),
      await a.call('GET', '/widget/v1/sessions/nope/messages', { headers: address }),
      await b.call('GET', '/api/v1/bots', { headers: address }),
    ];
    expect(attempts.map((res) => res.status)).toEqual([401, 401, 401, 404, 404, 401]);
    for (const res of attempts) {
      expect(res.headers.get('ratelimit-policy')).toBe(`"anonymous";q=6;w=${WINDOW_S}`);
    }
    const refused = await a.call('GET', path, { key: wrong, headers: address });
    expectRateLimited(refused);
    expect(rateLimitOf(refused).name).toBe('anonymous');

    // The session's own allowance is whole, even from the limited address.
    const own = await b.call('GET', path, { key: session.sessionToken, headers: address });
    expect(own.status).toBe(200);
    expect(rateLimitOf(own)).toMatchObject({ name: 'widget-polls', r: 4 });
  });
});
