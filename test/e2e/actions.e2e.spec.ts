import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/ids/ids';
import { expectError } from '../support/expect';
import { startTestApi, type SeededWorkspace, type SeedConversation, type TestApi } from '../support/test-app';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HOUR = 3_600_000;

/** The error body without its per-request id, to compare two errors byte for byte. */
function withoutRequestId(body: any): any {
  return { ...body, error: { ...body.error, requestId: undefined } };
}

/** An error in the envelope; `fields` are the distinct `details[].field`, in any order. */

interface ConversationRow {
  status: string;
  handler: string;
  message_count: number;
  updated_at: Date;
  resolved_at: Date | null;
}

describe('actions: send-message, create-lead, resolve-conversation', () => {
  let api: TestApi;
  let acme: SeededWorkspace;
  let other: SeededWorkspace;
  let bot: { id: string };
  let otherBot: { id: string };
  let admin: { key: string; keyId: string };
  let agent: { key: string; keyId: string };
  let viewer: { key: string; keyId: string };

  const conversation = (options: SeedConversation = {}) =>
    api.createConversation(acme.workspaceId, bot.id, {
      messages: 2,
      updatedAt: new Date(Date.now() - HOUR),
      ...options,
    });
  const readConversation = async (id: string) =>
    (
      await api.db.query<ConversationRow>(
        'SELECT status, handler, message_count, updated_at, resolved_at FROM conversations WHERE id = $1',
        [id],
      )
    )[0];
  const countRows = async (table: 'messages' | 'leads' | 'events', conversationId: string) => {
    const where = table === 'events' ? `data->>'conversationId' = $1` : 'conversation_id = $1';
    const [row] = await api.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, [
      conversationId,
    ]);
    return Number(row.n);
  };
  const post = (path: string, key: string, body: unknown, headers?: Record<string, string>) =>
    api.call('POST', `/api/v1/actions/${path}`, { key, body, headers });

  beforeAll(async () => {
    api = await startTestApi({ NHX_RATE_LIMIT_PER_MINUTE: '1000000' });
    acme = await api.createWorkspace('Acme');
    other = await api.createWorkspace('Other');
    bot = await api.createBot(acme.workspaceId, 'Help center bot');
    otherBot = await api.createBot(other.workspaceId, 'Foreign bot');
    admin = await api.addMember(acme.workspaceId, 'admin');
    agent = await api.addMember(acme.workspaceId, 'agent');
    viewer = await api.addMember(acme.workspaceId, 'viewer');
  });
  afterAll(async () => {
    await api.close();
  });

  describe('POST /api/v1/actions/send-message', () => {
    it('stores a team message stamped with the calling key, pauses the bot and re-opens a resolved thread', async () => {
      const { id } = await conversation({ status: 'resolved', handler: 'bot' });
      const before = await readConversation(id);
      const started = Date.now();
      const res = await post('send-message', agent.key, { conversationId: id, message: 'Hi — Sarah here.' });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({
        messageId: expect.stringMatching(/^msg_[0-9A-Za-z]{22}$/),
        conversationId: id,
        channel: 'api',
        sentAt: expect.stringMatching(ISO_MS),
        handler: 'team',
      });
      expect(Date.parse(res.body.sentAt)).toBeGreaterThanOrEqual(started - 1_000);
      expect(Date.parse(res.body.sentAt)).toBeLessThanOrEqual(Date.now() + 1_000);

      const [message] = await api.db.query<any>(
        `SELECT id, seq, author, channel, text, api_key_id, confidence_score, was_fallback, workspace_id, created_at
           FROM messages WHERE conversation_id = $1 AND seq > 2`,
        [id],
      );
      expect(message).toEqual({
        id: res.body.messageId,
        seq: 3,
        author: 'team',
        channel: 'api',
        text: 'Hi — Sarah here.',
        api_key_id: agent.keyId,
        confidence_score: null,
        was_fallback: false,
        workspace_id: acme.workspaceId,
        created_at: new Date(res.body.sentAt),
      });
      const after = await readConversation(id);
      expect(after).toEqual({
        status: 'open',
        handler: 'team',
        message_count: before.message_count + 1,
        updated_at: new Date(res.body.sentAt),
        resolved_at: null,
      });
      expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    });

    it.each([
      ['open', 'open'],
      ['escalated', 'escalated'],
      ['resolved', 'open'],
    ] as const)('a %s conversation is %s afterwards, handled by the team', async (status, expected) => {
      const { id } = await conversation({ status });
      const res = await post('send-message', admin.key, { conversationId: id, message: 'On it.' });
      expect(res.status).toBe(201);
      const row = await readConversation(id);
      expect(row.status).toBe(expected);
      expect(row.handler).toBe('team');
      expect(row.resolved_at).toBeNull();
    });

    it('shows the message last in the conversation, stamped with the key that sent it', async () => {
      const { id } = await conversation();
      const sent = await post('send-message', acme.ownerKey, {
        conversationId: id,
        message: 'From the owner',
      });
      expect(sent.status).toBe(201);
      const detail = await api.call('GET', `/api/v1/conversations/${id}`, { key: viewer.key });
      expect(detail.body.messageCount).toBe(3);
      expect(detail.body.handler).toBe('team');
      expect(detail.body.updatedAt).toBe(sent.body.sentAt);
      expect(detail.body.messages.at(-1)).toEqual({
        id: sent.body.messageId,
        author: 'team',
        channel: 'api',
        text: 'From the owner',
        confidenceScore: null,
        wasFallback: false,
        apiKeyId: acme.ownerKeyId,
        memberId: null,
        sentAt: sent.body.sentAt,
      });
    });

    it('accepts a message of exactly 5000 characters', async () => {
      const { id } = await conversation();
      const res = await post('send-message', agent.key, { conversationId: id, message: 'x'.repeat(5000) });
      expect(res.status).toBe(201);
    });

    it('stores 20 parallel messages to one conversation with contiguous seq and 20 events', async () => {
      const { id } = await conversation({ messages: 3 });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          post('send-message', agent.key, { conversationId: id, message: `parallel ${i}` }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      const ids = results.map((r) => r.body.messageId);
      expect(new Set(ids).size).toBe(20);

      const rows = await api.db.query<{ id: string; seq: number; text: string; created_at: Date }>(
        'SELECT id, seq, text, created_at FROM messages WHERE conversation_id = $1 ORDER BY seq',
        [id],
      );
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
      const sent = rows.slice(3);
      expect(sent.map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(sent.map((r) => r.text).sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => `parallel ${i}`).sort(),
      );
      // later seq, never an earlier time
      for (let i = 1; i < rows.length; i += 1) {
        expect(rows[i].created_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].created_at.getTime());
      }
      const row = await readConversation(id);
      expect(row.message_count).toBe(23);
      expect(row.updated_at.getTime()).toBe(rows.at(-1)!.created_at.getTime());
      const events = await api.db.query<{ message_id: string }>(
        `SELECT data->>'messageId' AS message_id FROM events
          WHERE type = 'message.sent' AND data->>'conversationId' = $1`,
        [id],
      );
      expect(events.map((e) => e.message_id).sort()).toEqual([...ids].sort());
    });

    it.each([
      ['message missing', (id: string) => ({ conversationId: id }), ['message']],
      ['conversationId missing', () => ({ message: 'hi' }), ['conversationId']],
      ['both missing', () => ({}), ['conversationId', 'message']],
      ['an empty message', (id: string) => ({ conversationId: id, message: '' }), ['message']],
      [
        'a message of 5001 characters',
        (id: string) => ({ conversationId: id, message: 'x'.repeat(5001) }),
        ['message'],
      ],
      ['a number as message', (id: string) => ({ conversationId: id, message: 42 }), ['message']],
      ['a number as conversationId', () => ({ conversationId: 42, message: 'hi' }), ['conversationId']],
      [
        'an unknown field',
        (id: string) => ({ conversationId: id, message: 'hi', channel: 'bot' }),
        ['channel'],
      ],
      [
        'a NUL character in the message',
        (id: string) => ({ conversationId: id, message: 'a\u0000b' }),
        ['message'],
      ],
    ])('400 validation_failed for %s, and writes nothing', async (_name, body, fields) => {
      const { id } = await conversation();
      const res = await post('send-message', agent.key, body(id));
      expectError(res, 400, 'validation_failed', fields);
      expect(await countRows('messages', id)).toBe(2);
      expect(await countRows('events', id)).toBe(0);
      expect((await readConversation(id)).handler).toBe('bot');
    });

    it('400 for a JSON body that is not an object', async () => {
      for (const rawBody of ['[]', '"hi"', '7', 'null']) {
        const res = await api.call('POST', '/api/v1/actions/send-message', {
          key: agent.key,
          rawBody,
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status, rawBody).toBe(400);
        expect(res.body.error.code).toMatch(/^(validation_failed|malformed_json)$/);
      }
    });
  });

  describe('POST /api/v1/actions/create-lead', () => {
    it('records the lead, trimmed, stamped with the calling key, source api', async () => {
      const { id } = await conversation();
      const before = await readConversation(id);
      const capturedFields = {
        email: '  dana@example.com ',
        name: 'Dana Reyes',
        phone: '+1 (415) 555-0134',
        plan: 'pro',
        company_size: '11-50',
      };
      const res = await post('create-lead', agent.key, { conversationId: id, capturedFields });
      expect(res.status, res.text).toBe(201);
      const trimmed = { ...capturedFields, email: 'dana@example.com' };
      expect(res.body).toEqual({
        leadId: expect.stringMatching(/^lead_[0-9A-Za-z]{22}$/),
        conversationId: id,
        capturedFields: trimmed,
        capturedAt: expect.stringMatching(ISO_MS),
      });
      const rows = await api.db.query<any>(
        'SELECT id, workspace_id, captured_fields, source, api_key_id, created_at FROM leads WHERE conversation_id = $1',
        [id],
      );
      expect(rows).toEqual([
        {
          id: res.body.leadId,
          workspace_id: acme.workspaceId,
          captured_fields: trimmed,
          source: 'api',
          api_key_id: agent.keyId,
          created_at: new Date(res.body.capturedAt),
        },
      ]);
      // a lead is neither a message nor a status change
      expect(await readConversation(id)).toEqual(before);
    });

    it('accepts any single field, and email, name, phone plus 20 extra fields', async () => {
      const { id } = await conversation();
      for (const capturedFields of [
        { email: 'a@b.co' },
        { name: 'A' },
        { phone: '5550134' },
        { note: 'x' },
      ]) {
        const res = await post('create-lead', agent.key, { conversationId: id, capturedFields });
        expect(res.status, JSON.stringify(capturedFields)).toBe(201);
        expect(res.body.capturedFields).toEqual(capturedFields);
      }
      const full: Record<string, string> = { email: 'a@b.co', name: 'A', phone: '+44 20 7946 0958' };
      for (let i = 0; i < 20; i += 1) full[`extra_${i}`] = `value ${i}`;
      full.extra_0 = 'y'.repeat(1000);
      full.name = 'n'.repeat(200);
      const res = await post('create-lead', agent.key, { conversationId: id, capturedFields: full });
      expect(res.status, res.text).toBe(201);
      expect(res.body.capturedFields).toEqual(full);
    });

    const twentyOneExtras = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`extra_${i}`, 'x']));
    it.each([
      ['an invalid email', { email: 'not-an-email' }, ['capturedFields.email']],
      ['an email without a domain', { email: 'dana@' }, ['capturedFields.email']],
      ['a phone with letters', { phone: 'call me maybe' }, ['capturedFields.phone']],
      ['a phone with 6 digits', { phone: '555-013' }, ['capturedFields.phone']],
      ['a phone with 16 digits', { phone: '+1234567890123456' }, ['capturedFields.phone']],
      ['no field', {}, ['capturedFields']],
      ['21 extra fields', twentyOneExtras, ['capturedFields']],
      ['a number value', { name: 42 }, ['capturedFields.name']],
      ['a null value', { email: null }, ['capturedFields.email']],
      ['an object value', { plan: { tier: 'pro' } }, ['capturedFields.plan']],
      ['an array value', { tags: ['a', 'b'] }, ['capturedFields.tags']],
      ['a boolean value', { vip: true }, ['capturedFields.vip']],
      ['a blank value', { name: '   ' }, ['capturedFields.name']],
      ['a name of 201 characters', { name: 'n'.repeat(201) }, ['capturedFields.name']],
      ['an email of 321 characters', { email: `${'e'.repeat(309)}@example.com` }, ['capturedFields.email']],
      [
        'a phone of 33 characters (digits within limits)',
        { phone: `+1 ${'-'.repeat(17)} 415 555 0134` },
        ['capturedFields.phone'],
      ],
      ['an extra value of 1001 characters', { plan: 'p'.repeat(1001) }, ['capturedFields.plan']],
      ['a field name starting with a digit', { '1st': 'x' }, ['capturedFields']],
      ['a field name with a space', { 'first name': 'x' }, ['capturedFields']],
      ['a field name with a dash', { 'first-name': 'x' }, ['capturedFields']],
      ['a field name starting with _', { _id: 'x' }, ['capturedFields']],
      ['a field name of 65 characters', { [`f${'x'.repeat(64)}`]: 'x' }, ['capturedFields']],
      ['a NUL character in a value', { name: 'Da\u0000na' }, ['capturedFields.name']],
      [
        'several problems at once',
        { email: 'nope', phone: 'x', name: 7 },
        ['capturedFields.email', 'capturedFields.phone', 'capturedFields.name'],
      ],
    ])('400 validation_failed for %s, and writes nothing', async (_name, capturedFields, fields) => {
      const { id } = await conversation();
      const res = await post('create-lead', agent.key, { conversationId: id, capturedFields });
      expectError(res, 400, 'validation_failed', fields);
      expect(await countRows('leads', id)).toBe(0);
      expect(await countRows('events', id)).toBe(0);
    });

    it.each([
      ['capturedFields missing', (id: string) => ({ conversationId: id }), ['capturedFields']],
      [
        'capturedFields a string',
        (id: string) => ({ conversationId: id, capturedFields: 'a@b.co' }),
        ['capturedFields'],
      ],
      [
        'capturedFields an array',
        (id: string) => ({ conversationId: id, capturedFields: ['a@b.co'] }),
        ['capturedFields'],
      ],
      [
        'capturedFields null',
        (id: string) => ({ conversationId: id, capturedFields: null }),
        ['capturedFields'],
      ],
      ['conversationId missing', () => ({ capturedFields: { name: 'A' } }), ['conversationId']],
      [
        'an unknown field',
        (id: string) => ({ conversationId: id, capturedFields: { name: 'A' }, source: 'bot' }),
        ['source'],
      ],
    ])('400 validation_failed for %s', async (_name, body, fields) => {
      const { id } = await conversation();
      expectError(await post('create-lead', agent.key, body(id)), 400, 'validation_failed', fields);
      expect(await countRows('leads', id)).toBe(0);
    });
  });

  describe('POST /api/v1/actions/resolve-conversation', () => {
    it('resolves once: a second call answers the same resolvedAt and changes nothing', async () => {
      const { id } = await conversation({ status: 'escalated', handler: 'team' });
      const before = await readConversation(id);
      const first = await post('resolve-conversation', agent.key, { conversationId: id });
      expect(first.status, first.text).toBe(200);
      expect(first.body).toEqual({
        conversationId: id,
        status: 'resolved',
        resolvedAt: expect.stringMatching(ISO_MS),
      });
      const resolved = await readConversation(id);
      expect(resolved).toEqual({
        status: 'resolved',
        handler: 'team', // the bot takes over on the customer's next message, not now
        message_count: before.message_count,
        updated_at: new Date(first.body.resolvedAt),
        resolved_at: new Date(first.body.resolvedAt),
      });
      expect(resolved.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());

      const second = await post('resolve-conversation', admin.key, { conversationId: id });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(await readConversation(id)).toEqual(resolved);
      const events = await api.db.query(
        `SELECT id FROM events WHERE type = 'conversation.resolved' AND data->>'conversationId' = $1`,
        [id],
      );
      expect(events).toHaveLength(1);
      const detail = await api.call('GET', `/api/v1/conversations/${id}`, { key: agent.key });
      expect(detail.body).toMatchObject({ status: 'resolved', resolvedAt: first.body.resolvedAt });
    });

    it('resolves again after a message re-opened the conversation, with a new resolvedAt', async () => {
      const { id } = await conversation({ status: 'resolved' });
      const sent = await post('send-message', agent.key, { conversationId: id, message: 'one more thing' });
      expect(sent.status).toBe(201);
      const res = await post('resolve-conversation', agent.key, { conversationId: id });
      expect(res.status).toBe(200);
      expect(Date.parse(res.body.resolvedAt)).toBeGreaterThanOrEqual(Date.parse(sent.body.sentAt));
      expect(await countRows('events', id)).toBe(2);
    });

    it.each([
      ['conversationId missing', {}, ['conversationId']],
      ['a number as conversationId', { conversationId: 7 }, ['conversationId']],
      ['an empty conversationId', { conversationId: '' }, ['conversationId']],
      ['an unknown field', { conversationId: 'cnv_x', status: 'resolved' }, ['status']],
    ])('400 validation_failed for %s', async (_name, body, fields) => {
      expectError(await post('resolve-conversation', agent.key, body), 400, 'validation_failed', fields);
    });
  });

  const ACTIONS = [
    ['send-message', (id: string) => ({ conversationId: id, message: 'hello' }), 201],
    ['create-lead', (id: string) => ({ conversationId: id, capturedFields: { email: 'a@b.co' } }), 201],
    ['resolve-conversation', (id: string) => ({ conversationId: id }), 200],
  ] as const;

  describe.each(ACTIONS)('%s for every action: roles, workspaces, content types', (path, body, okStatus) => {
    it('is allowed to agents, admins and owners', async () => {
      for (const key of [agent.key, admin.key, acme.ownerKey]) {
        const { id } = await conversation();
        const res = await post(path, key, body(id));
        expect(res.status, res.text).toBe(okStatus);
      }
    });

    it('403 insufficient_role for a viewer, writing nothing', async () => {
      const { id } = await conversation();
      const before = await readConversation(id);
      expectError(await post(path, viewer.key, body(id)), 403, 'insufficient_role');
      expect(await readConversation(id)).toEqual(before);
      expect(await countRows('messages', id)).toBe(2);
      expect(await countRows('leads', id)).toBe(0);
      expect(await countRows('events', id)).toBe(0);
    });

    it('401 without a key', async () => {
      const { id } = await conversation();
      expectError(await api.call('POST', `/api/v1/actions/${path}`, { body: body(id) }), 401, 'unauthorized');
    });

    it("404 for another workspace's conversation, byte-identical to a missing one, writing nothing", async () => {
      const foreign = await api.createConversation(other.workspaceId, otherBot.id, { messages: 1 });
      const before = await readConversation(foreign.id);
      const crossed = await post(path, agent.key, body(foreign.id));
      expectError(crossed, 404, 'not_found');
      const missing = await post(path, agent.key, body(newId('conversation')));
      const malformed = await post(path, agent.key, body('cnv_no-such-thing!'));
      expect(withoutRequestId(missing.body)).toEqual(withoutRequestId(crossed.body));
      expect(withoutRequestId(malformed.body)).toEqual(withoutRequestId(crossed.body));
      expect(missing.status).toBe(404);
      expect(malformed.status).toBe(404);
      expect(await readConversation(foreign.id)).toEqual(before);
      expect(await countRows('messages', foreign.id)).toBe(1);
      expect(await countRows('leads', foreign.id)).toBe(0);
      expect(await countRows('events', foreign.id)).toBe(0);
      // and the owner of the foreign conversation still can act on it
      expect((await post(path, other.ownerKey, body(foreign.id))).status).toBe(okStatus);
    });

    it('415 unsupported_media_type for a body that is not JSON', async () => {
      const { id } = await conversation();
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const res = await api.call('POST', `/api/v1/actions/${path}`, {
          key: agent.key,
          rawBody: JSON.stringify(body(id)),
          headers: { 'content-type': type },
        });
        expectError(res, 415, 'unsupported_media_type');
      }
      const untyped = await api.call('POST', `/api/v1/actions/${path}`, {
        key: agent.key,
        rawBody: JSON.stringify(body(id)),
      });
      expectError(untyped, 415, 'unsupported_media_type');
      expect(await countRows('events', id)).toBe(0);
    });

    it('400 malformed_json for a broken JSON body', async () => {
      const res = await api.call('POST', `/api/v1/actions/${path}`, {
        key: agent.key,
        rawBody: '{"conversationId": ',
        headers: { 'content-type': 'application/json' },
      });
      expectError(res, 400, 'malformed_json');
    });
  });
});
