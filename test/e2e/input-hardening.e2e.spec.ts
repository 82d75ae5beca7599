import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOptions } from '../support/http';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';
import { expectError } from '../support/expect';

/**
 * Hostile bodies, query strings and path parameters: each is refused with a 4xx in the error
 * envelope before it reaches class-transformer, a service or the database.
 */

/** `{"a":{"a":…1…}}` with `depth` objects, as text (building it as a value would need the recursion under test). */
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

interface BodyRoute {
  path: string;
  key?: string;
  /** A body the route accepts, as a JSON object's members (so a field can be added before it). */
  valid: Record<string, unknown>;
  /** A string field of the route. */
  field: string;
}

describe('hostile input answers 4xx in the envelope, never 500', () => {
  let api: TestApi;
  let ws: SeededWorkspace;
  let botId: string;
  let conversationId: string;
  let hookId: string;
  let session: { sessionId: string; sessionToken: string };
  let routes: BodyRoute[];

  const post = (path: string, options: CallOptions) => api.call('POST', path, options);
  const postRaw = (route: BodyRoute, rawBody: string | Buffer) =>
    post(route.path, { key: route.key, rawBody, headers: { 'content-type': 'application/json' } });

  beforeAll(async () => {
    api = await startTestApi();
    ws = await api.createWorkspace();
    botId = (await api.createBot(ws.workspaceId, 'Helper')).id;
    conversationId = (await api.createConversation(ws.workspaceId, botId, { messages: 1 })).id;
    const hook = await post('/api/v1/hooks', {
      key: ws.ownerKey,
      body: { event: 'message.sent', targetUrl: 'http://127.0.0.1:9/hook' },
    });
    expect(hook.status, hook.text).toBe(201);
    hookId = hook.body.hookId;
    const created = await post(`/widget/v1/bots/${botId}/sessions`, { body: {} });
    expect(created.status, created.text).toBe(201);
    session = created.body;
    routes = [
      { path: '/api/v1/auth/keys', key: ws.ownerKey, valid: { name: 'CRM' }, field: 'name' },
      {
        path: '/api/v1/hooks',
        key: ws.ownerKey,
        valid: { event: 'lead.captured', targetUrl: 'http://127.0.0.1:9/x' },
        field: 'targetUrl',
      },
      { path: `/api/v1/hooks/${hookId}/resume`, key: ws.ownerKey, valid: {}, field: 'replay' },
      {
        path: '/api/v1/actions/send-message',
        key: ws.ownerKey,
        valid: { conversationId, message: 'On it.' },
        field: 'message',
      },
      {
        path: '/api/v1/actions/create-lead',
        key: ws.ownerKey,
        valid: { conversationId, capturedFields: { email: 'dana@example.com' } },
        field: 'conversationId',
      },
      {
        path: '/api/v1/actions/resolve-conversation',
        key: ws.ownerKey,
        valid: { conversationId },
        field: 'conversationId',
      },
      { path: `/widget/v1/bots/${botId}/sessions`, valid: {}, field: 'customer' },
      {
        path: `/widget/v1/sessions/${session.sessionId}/messages`,
        key: session.sessionToken,
        valid: { text: 'hello' },
        field: 'text',
      },
    ];
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('nesting depth', () => {
    it('refuses 3,000 objects nested in a field, and an array 1,500 deep as the body, on every body route', async () => {
      expect(routes).toHaveLength(8);
      for (const route of routes) {
        for (const rawBody of [`{"${route.field}":${nestedObjects(3_000)}}`, nestedArrays(1_500)]) {
          const res = await postRaw(route, rawBody);
          expectError(res, 400, 'validation_failed');
          expect(res.body.error.message, route.path).toMatch(/32 levels/);
        }
      }
    });

    it('refuses the deepest body the size limit allows', async () => {
      const res = await postRaw(routes[0], nestedArrays(500_000));
      expectError(res, 400, 'validation_failed');
    });

    it('counts levels exactly: 32 are parsed and validated, 33 are refused before validation', async () => {
      const lead = routes[4];
      // The body is level 1 and capturedFields level 2: 30 more levels make 32.
      const body = (depth: number) =>
        `{"conversationId":"${conversationId}","capturedFields":{"email":${nestedArrays(depth)}}}`;
      const within = await postRaw(lead, body(30));
      expectError(within, 400, 'validation_failed');
      expect(within.body.error.message).not.toMatch(/levels/);
      const over = await postRaw(lead, body(31));
      expectError(over, 400, 'validation_failed');
      expect(over.body.error.details).toEqual([
        { field: `capturedFields.email${'.0'.repeat(30)}`, message: expect.stringMatching(/32 levels/) },
      ]);
      expect(over.body.error.message).toMatch(/32 levels/);
    });

    it('refuses a deep body on a route that takes none', async () => {
      const res = await post(`/api/v1/auth/keys/${ws.ownerKeyId}/reveal`, {
        key: ws.ownerKey,
        rawBody: nestedObjects(5_000),
        headers: { 'content-type': 'application/json' },
      });
      expectError(res, 400, 'validation_failed');
    });
  });

  describe('strings: no NUL, no unpaired surrogate', () => {
    it('refuses a NUL in a key name and in a widget message (the database would refuse it)', async () => {
      expectError(
        await post('/api/v1/auth/keys', { key: ws.ownerKey, body: { name: 'CRM\u0000' } }),
        400,
        'validation_failed',
        ['name'],
      );
      const message = await post(`/widget/v1/sessions/${session.sessionId}/messages`, {
        key: session.sessionToken,
        body: { text: 'hi\u0000there' },
      });
      expectError(message, 400, 'validation_failed', ['text']);
    });

    it('refuses unpaired surrogates in every body route rather than storing U+FFFD', async () => {
      for (const route of routes) {
        for (const bad of ['\ud800', 'x\udc00', '\udc00\ud800', 'a\u0000']) {
          // JSON.stringify writes an unpaired surrogate as an escape, so the JSON text is valid.
          const rawBody = JSON.stringify({ ...route.valid, [route.field]: bad });
          expectError(await postRaw(route, rawBody), 400, 'validation_failed', [route.field]);
        }
      }
      const names = await api.db.query<{ name: string }>(
        `SELECT name FROM api_keys WHERE name LIKE '%\ufffd%'`,
      );
      expect(names).toEqual([]);
    });

    it('checks property names and nested values, naming the path', async () => {
      const keys = routes[0];
      expectError(await postRaw(keys, '{"name":"x","b\\u0000d":1}'), 400, 'validation_failed', ['b\\u0000d']);
      const lead = routes[4];
      const res = await postRaw(
        lead,
        JSON.stringify({ conversationId, capturedFields: { email: 'dana@example.com', plan: 'pro\ud83d' } }),
      );
      expectError(res, 400, 'validation_failed', ['capturedFields.plan']);
      const widget = routes[6];
      const customer = await postRaw(widget, JSON.stringify({ customer: { name: ['\u0000'] } }));
      expectError(customer, 400, 'validation_failed', ['customer.name.0']);
    });

    it('refuses fields named like members every object inherits, rather than dropping them unseen', async () => {
      const keys = routes[0];
      expectError(await postRaw(keys, '{"name":"x","valueOf":0}'), 400, 'validation_failed', ['valueOf']);
      const lead = routes[4];
      const res = await postRaw(
        lead,
        JSON.stringify({ conversationId, capturedFields: { email: 'dana@example.com', toString: 'pro' } }),
      );
      expectError(res, 400, 'validation_failed', ['capturedFields.toString']);
      const [{ n }] = await api.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM leads WHERE conversation_id = $1`,
        [conversationId],
      );
      expect(Number(n)).toBe(0);
    });

    it('keeps paired surrogates (emoji) and other characters intact', async () => {
      const text = 'Hi 👋 — ça va? 你好 \u2028 \ufeff';
      const res = await post(`/widget/v1/sessions/${session.sessionId}/messages`, {
        key: session.sessionToken,
        body: { text },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.messages[0].text).toBe(text);
      const [row] = await api.db.query<{ text: string }>(`SELECT text FROM messages WHERE id = $1`, [
        res.body.messages[0].id,
      ]);
      expect(row.text).toBe(text);
    });

    it('refuses a body that is not UTF-8 instead of rewriting it', async () => {
      const rawBody = Buffer.concat([Buffer.from('{"name":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
      expectError(await postRaw(routes[0], rawBody), 400, 'malformed_json');
      // UTF-8 spelling of a surrogate (CESU-8), which a lenient decoder turns into U+FFFD
      const cesu = Buffer.concat([
        Buffer.from('{"name":"'),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('"}'),
      ]);
      expectError(await postRaw(routes[0], cesu), 400, 'malformed_json');
    });

    it('refuses a cursor whose id holds a NUL on every list', async () => {
      const cursor = Buffer.from(JSON.stringify(['2026-03-14T09:00:00.000Z', 'x_\u0000'])).toString(
        'base64url',
      );
      for (const list of ['/api/v1/bots', '/api/v1/hooks', '/api/v1/auth/keys']) {
        const res = await api.call('GET', `${list}?cursor=${cursor}`, { key: ws.ownerKey });
        expectError(res, 400, 'validation_failed', ['cursor']);
      }
    });

    it('applies the same rule to query strings and path parameters', async () => {
      const get = (path: string, key = ws.ownerKey) => api.call('GET', path, { key });
      expectError(await get('/api/v1/conversations?botId=%00'), 400, 'validation_failed', ['botId']);
      // A surrogate has no UTF-8 spelling: the query parser leaves such an escape as literal text.
      expect((await get('/api/v1/conversations?botId=bot_%ED%A0%80')).status).toBe(200);
      expectError(await get('/api/v1/events?type=a%00'), 400, 'validation_failed', ['type']);
      expectError(await get('/api/v1/conversations/%00'), 400, 'validation_failed', ['conversationId']);
      expectError(await get('/api/v1/conversations/cnv_%00x'), 400, 'validation_failed', ['conversationId']);
      expectError(await get(`/api/v1/hooks/hook_%00`), 400, 'validation_failed', ['hookId']);
      expectError(await get(`/api/v1/auth/keys/%00`), 400, 'validation_failed', ['keyId']);
      expectError(await post('/widget/v1/bots/bot_%00/sessions', { body: {} }), 400, 'validation_failed', [
        'botId',
      ]);
      expectError(
        await get(`/widget/v1/sessions/${session.sessionId}/messages?after=msg_%00`, session.sessionToken),
        400,
        'validation_failed',
        ['after'],
      );
      expectError(
        await get(`/widget/v1/sessions/ses_%00/messages`, session.sessionToken),
        400,
        'validation_failed',
        ['sessionId'],
      );
    });
  });

  describe('null only where the schema allows it', () => {
    it('refuses {"customer": null} on widget session creation', async () => {
      expectError(
        await post(`/widget/v1/bots/${botId}/sessions`, { body: { customer: null } }),
        400,
        'validation_failed',
        ['customer'],
      );
    });

    it('refuses a JSON null as the body, even where every field is optional', async () => {
      const res = await postRaw(routes[6], 'null');
      expectError(res, 400, 'validation_failed', ['body']);
    });

    it('refuses null for every optional field, and accepts the field left out', async () => {
      const lead = { event: 'lead.captured', targetUrl: 'http://127.0.0.1:9/x' };
      const cases: [
        path: string,
        key: string | undefined,
        withNull: object,
        without: object,
        field: string,
      ][] = [
        [
          `/widget/v1/bots/${botId}/sessions`,
          undefined,
          { customer: { name: null } },
          { customer: {} },
          'customer.name',
        ],
        [
          `/widget/v1/bots/${botId}/sessions`,
          undefined,
          { customer: { email: null } },
          { customer: {} },
          'customer.email',
        ],
        ['/api/v1/auth/keys', ws.ownerKey, { name: 'CRM', memberId: null }, { name: 'CRM' }, 'memberId'],
        [
          '/api/v1/auth/keys',
          ws.ownerKey,
          { name: 'CRM', deferReveal: null },
          { name: 'CRM' },
          'deferReveal',
        ],
        ['/api/v1/hooks', ws.ownerKey, { ...lead, description: null }, lead, 'description'],
        [`/api/v1/hooks/${hookId}/resume`, ws.ownerKey, { replay: null }, {}, 'replay'],
      ];
      for (const [path, key, withNull, without, field] of cases) {
        expectError(await post(path, { key, body: withNull }), 400, 'validation_failed', [field]);
        const res = await post(path, { key, body: without });
        expect(res.status, `${path} ${JSON.stringify(without)}: ${res.text}`).toBeLessThan(300);
      }
      expectError(
        await post('/api/v1/actions/resolve-conversation', {
          key: ws.ownerKey,
          body: { conversationId: null },
        }),
        400,
        'validation_failed',
        ['conversationId'],
      );
    });
  });

  it("keeps Fastify's protection against prototype poisoning", async () => {
    for (const rawBody of [
      '{"name":"x","__proto__":{"isAdmin":true}}',
      '{"name":"x","constructor":{"prototype":{"isAdmin":true}}}',
    ]) {
      expectError(await postRaw(routes[0], rawBody), 400, 'malformed_json');
    }
  });
});
