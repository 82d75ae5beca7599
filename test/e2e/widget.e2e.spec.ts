import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-app';
import { expectError } from '../support/expect';

describe('widget channel: errors, auth and CORS', () => {
  let api: TestApi;
  let botId: string;
  let session: {
    sessionId: string;
    sessionToken: string;
    conversationId: string;
    messages: { id: string }[];
  };

  beforeAll(async () => {
    api = await startTestApi();
    const workspace = await api.createWorkspace();
    botId = (await api.createBot(workspace.workspaceId, 'Helper')).id;
    session = (await api.call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {} })).body;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('stores only a hash of the session token', async () => {
    const rows = await api.db.query<{ token_hash: string; conversation_id: string }>(
      `SELECT token_hash, conversation_id FROM widget_sessions WHERE id = $1`,
      [session.sessionId],
    );
    expect(rows).toEqual([
      { token_hash: expect.stringMatching(/^[0-9a-f]{64}$/), conversation_id: session.conversationId },
    ]);
    const dump = JSON.stringify(await api.db.query(`SELECT * FROM widget_sessions`));
    expect(dump).not.toContain(session.sessionToken);
  });

  it('answers 404 for unknown bots and sessions, whatever their spelling', async () => {
    for (const id of ['bot_doesnotexist0000000000', 'nope', 'bot_%2e%2e', 'x'.repeat(80)]) {
      expectError(await api.call('POST', `/widget/v1/bots/${id}/sessions`, { body: {} }), 404, 'not_found');
    }
    for (const id of ['ses_doesnotexist0000000000', 'cnv_abc', 'nope']) {
      expectError(
        await api.call('POST', `/widget/v1/sessions/${id}/messages`, {
          key: session.sessionToken,
          body: { text: 'hi' },
        }),
        404,
        'not_found',
      );
      expectError(
        await api.call('GET', `/widget/v1/sessions/${id}/messages`, { key: session.sessionToken }),
        404,
        'not_found',
      );
    }
  });

  it('refuses a missing, malformed or another session’s token with 401', async () => {
    const other = (await api.call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {} })).body;
    const path = `/widget/v1/sessions/${session.sessionId}/messages`;
    for (const key of [undefined, '', 'nhx_wt_short', other.sessionToken, `${session.sessionToken}x`]) {
      const post = await api.call('POST', path, { key, body: { text: 'hi' } });
      expectError(post, 401, 'unauthorized');
      expect(post.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expectError(await api.call('GET', path, { key }), 401, 'unauthorized');
    }
    // An API key is not a session token.
    const workspace = await api.createWorkspace('Other');
    expectError(await api.call('GET', path, { key: workspace.ownerKey }), 401, 'unauthorized');
    const count = await api.db.query(`SELECT message_count FROM conversations WHERE id = $1`, [
      session.conversationId,
    ]);
    expect(count).toEqual([{ message_count: 1 }]);
  });

  it('validates bodies and queries with the usual envelope', async () => {
    const path = `/widget/v1/sessions/${session.sessionId}/messages`;
    const key = session.sessionToken;
    const cases: [unknown, string][] = [
      [{}, 'text'],
      [{ text: '' }, 'text'],
      [{ text: ' \n\t ' }, 'text'],
      [{ text: 42 }, 'text'],
      [{ text: 'x'.repeat(5001) }, 'text'],
      [{ text: 'hi', extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await api.call('POST', path, { key, body });
      expectError(res, 400, 'validation_failed');
      expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
    }
    expectError(
      await api.call('POST', path, {
        key,
        rawBody: '{"text":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'malformed_json',
    );
    expectError(
      await api.call('POST', path, {
        key,
        rawBody: 'text=hi',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'unsupported_media_type',
    );
    const sessions = `/widget/v1/bots/${botId}/sessions`;
    for (const body of [
      { customer: { email: 'nope' } },
      { customer: 'Dana' },
      { customer: { name: 'D', age: 3 } },
      { token: 'x' },
    ]) {
      expectError(await api.call('POST', sessions, { body }), 400, 'validation_failed');
    }
    expectError(
      await api.call('GET', `${path}?after=msg_doesnotexist0000000000`, { key }),
      400,
      'validation_failed',
    );
    expectError(await api.call('GET', `${path}?after=x&limit=3`, { key }), 400, 'validation_failed');
  });

  it('creates a session without a body, or with what the customer told', async () => {
    const bare = await api.call('POST', `/widget/v1/bots/${botId}/sessions`);
    expect(bare.status).toBe(201);
    const told = await api.call('POST', `/widget/v1/bots/${botId}/sessions`, {
      body: { customer: { name: ' Dana ', email: 'dana@example.com' } },
    });
    expect(told.status).toBe(201);
    const [row] = await api.db.query(
      `SELECT customer_name, customer_email, status, handler FROM conversations WHERE id = $1`,
      [told.body.conversationId],
    );
    expect(row).toEqual({
      customer_name: 'Dana',
      customer_email: 'dana@example.com',
      status: 'open',
      handler: 'bot',
    });
  });

  it('polls messages after an id', async () => {
    const path = `/widget/v1/sessions/${session.sessionId}/messages`;
    const key = session.sessionToken;
    const sent = await api.call('POST', path, { key, body: { text: 'purple umbrellas?' } });
    expect(sent.status).toBe(201);
    const all = await api.call('GET', path, { key });
    expect(all.body.messages.map((m: any) => m.author)).toEqual(['bot', 'customer', 'bot']);
    expect(Object.keys(all.body.messages[0]).sort()).toEqual(['author', 'id', 'sentAt', 'text']);
    const after = await api.call('GET', `${path}?after=${all.body.messages[1].id}`, { key });
    expect(after.body.messages).toEqual([all.body.messages[2]]);
    const none = await api.call('GET', `${path}?after=${all.body.messages[2].id}`, { key });
    expect(none.body).toEqual({ messages: [] });
  });

  it('refuses sessions with an inactive bot; its open sessions get no bot replies', async () => {
    await api.db.query(`UPDATE bots SET is_active = false WHERE id = $1`, [botId]);
    try {
      expectError(
        await api.call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {} }),
        403,
        'forbidden',
      );
      const res = await api.call('POST', `/widget/v1/sessions/${session.sessionId}/messages`, {
        key: session.sessionToken,
        body: { text: 'hello?' },
      });
      expect(res.status).toBe(201);
      expect(res.body.messages.map((m: any) => m.author)).toEqual(['customer']);
    } finally {
      await api.db.query(`UPDATE bots SET is_active = true WHERE id = $1`, [botId]);
    }
  });

  it('is CORS-open: preflight and responses, errors included', async () => {
    const preflight = await api.call('OPTIONS', `/widget/v1/sessions/${session.sessionId}/messages`, {
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, Idempotency-Key',
    );
    expect(preflight.headers.get('access-control-max-age')).toBe('86400');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const created = await api.call('POST', `/widget/v1/bots/${botId}/sessions`, {
      body: {},
      headers: { origin: 'https://shop.example.com' },
    });
    expect(created.headers.get('access-control-allow-origin')).toBe('*');
    expect(created.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    const missing = await api.call('GET', '/widget/v1/sessions/nope/messages', {
      headers: { origin: 'https://shop.example.com' },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves the demo page with a strict CSP and its assets', async () => {
    const page = await api.call('GET', `/widget/demo/${botId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(page.text).toContain(`data-bot-id="${botId}"`);
    expect(page.text).not.toMatch(/<script>|<style>| on\w+=/);
    expect((await api.call('GET', '/widget/assets/demo.js')).headers.get('content-type')).toMatch(
      /javascript/,
    );
    expect((await api.call('GET', '/widget/assets/demo.css')).headers.get('content-type')).toMatch(
      /text\/css/,
    );
    expectError(await api.call('GET', '/widget/demo/%3Cscript%3E'), 404, 'not_found');
  });
});
