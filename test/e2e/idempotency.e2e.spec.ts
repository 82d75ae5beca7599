import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/ids/ids';
import { expectError } from '../support/expect';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

const DOCUMENT = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'openapi.json'), 'utf8'));

interface KeyRow {
  api_key_id: string;
  key: string;
  fingerprint: string;
  status_code: number | null;
  sealed_response: string | null;
  created_at: Date;
}

describe('Idempotency-Key on POST', () => {
  let api: TestApi;
  let acme: SeededWorkspace;
  let other: SeededWorkspace;
  let bot: { id: string };
  let agent: { key: string; keyId: string; memberId: string };
  let agent2: { key: string; keyId: string };

  const conversation = () => api.createConversation(acme.workspaceId, bot.id, { messages: 1 });
  const send = (key: string, idempotencyKey: string | undefined, body: unknown) =>
    api.call('POST', '/api/v1/actions/send-message', {
      key,
      body,
      headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey },
    });
  const counts = async (conversationId: string) => {
    const [row] = await api.db.query<{ messages: string; events: string; leads: string }>(
      `SELECT (SELECT count(*) FROM messages WHERE conversation_id = $1) AS messages,
              (SELECT count(*) FROM leads WHERE conversation_id = $1) AS leads,
              (SELECT count(*) FROM events WHERE data->>'conversationId' = $1) AS events`,
      [conversationId],
    );
    return { messages: Number(row.messages), leads: Number(row.leads), events: Number(row.events) };
  };
  const keyRows = (idempotencyKey: string) =>
    api.db.query<KeyRow>('SELECT * FROM idempotency_keys WHERE key = $1 ORDER BY api_key_id', [
      idempotencyKey,
    ]);

  beforeAll(async () => {
    api = await startTestApi({ NHX_RATE_LIMIT_PER_MINUTE: '1000000' });
    acme = await api.createWorkspace('Acme');
    other = await api.createWorkspace('Other');
    bot = await api.createBot(acme.workspaceId, 'Help center bot');
    agent = await api.addMember(acme.workspaceId, 'agent');
    agent2 = await api.addMember(acme.workspaceId, 'agent');
  });
  afterAll(async () => {
    await api.close();
  });

  it('replays the first response with Idempotent-Replayed: true and writes nothing new', async () => {
    const { id } = await conversation();
    const key = randomUUID();
    const first = await send(agent.key, key, { conversationId: id, message: 'Refund processed.' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const afterFirst = await counts(id);
    expect(afterFirst).toEqual({ messages: 2, leads: 0, events: 1 });
    const [stored] = await keyRows(key);

    for (let i = 0; i < 2; i += 1) {
      const replay = await send(agent.key, key, { conversationId: id, message: 'Refund processed.' });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.text).toBe(first.text);
      expect(replay.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    }
    expect(await counts(id)).toEqual(afterFirst);
    expect(await keyRows(key)).toEqual([stored]);
  });

  it('treats the same body in another key order as the same request', async () => {
    const { id } = await conversation();
    const key = randomUUID();
    const first = await send(agent.key, key, { conversationId: id, message: 'same' });
    const replay = await api.call('POST', '/api/v1/actions/send-message', {
      key: agent.key,
      rawBody: `{"message":"same","conversationId":"${id}"}`,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.messageId).toBe(first.body.messageId);
  });

  it.each([
    [
      'create-lead',
      (id: string) => ({ conversationId: id, capturedFields: { email: 'dana@example.com' } }),
      201,
    ],
    ['resolve-conversation', (id: string) => ({ conversationId: id }), 200],
  ] as const)('replays %s with its own status', async (path, body, status) => {
    const { id } = await conversation();
    const key = randomUUID();
    const call = () =>
      api.call('POST', `/api/v1/actions/${path}`, {
        key: agent.key,
        body: body(id),
        headers: { 'idempotency-key': key },
      });
    const first = await call();
    expect(first.status).toBe(status);
    const before = await counts(id);
    const replay = await call();
    expect(replay.status).toBe(status);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(first.text);
    expect(await counts(id)).toEqual(before);
    expect(before.events).toBe(1);
  });

  it('acts twice without a key', async () => {
    const { id } = await conversation();
    const a = await send(agent.key, undefined, { conversationId: id, message: 'twice' });
    const b = await send(agent.key, undefined, { conversationId: id, message: 'twice' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(a.body.messageId).not.toBe(b.body.messageId);
    expect((await counts(id)).messages).toBe(3);
  });

  it('422 idempotency_key_reused for the same key with another body, writing nothing', async () => {
    const { id } = await conversation();
    const key = randomUUID();
    expect((await send(agent.key, key, { conversationId: id, message: 'first' })).status).toBe(201);
    const before = await counts(id);
    expectError(
      await send(agent.key, key, { conversationId: id, message: 'second' }),
      422,
      'idempotency_key_reused',
    );
    const { id: another } = await conversation();
    expectError(
      await send(agent.key, key, { conversationId: another, message: 'first' }),
      422,
      'idempotency_key_reused',
    );
    expect(await counts(id)).toEqual(before);
    expect(await counts(another)).toEqual({ messages: 1, leads: 0, events: 0 });
  });

  it('422 idempotency_key_reused for the same key on another endpoint', async () => {
    const { id } = await conversation();
    const key = randomUUID();
    expect((await send(agent.key, key, { conversationId: id, message: 'hi' })).status).toBe(201);
    const res = await api.call('POST', '/api/v1/actions/resolve-conversation', {
      key: agent.key,
      body: { conversationId: id },
      headers: { 'idempotency-key': key },
    });
    expectError(res, 422, 'idempotency_key_reused');
    const [row] = await api.db.query<{ status: string }>('SELECT status FROM conversations WHERE id = $1', [
      id,
    ]);
    expect(row.status).toBe('open');
    expect((await counts(id)).events).toBe(1);
  });

  it('scopes keys per API key: another key with the same Idempotency-Key acts on its own', async () => {
    const { id } = await conversation();
    const key = randomUUID();
    const body = { conversationId: id, message: 'scoped' };
    const mine = await send(agent.key, key, body);
    const theirs = await send(agent2.key, key, body);
    const owners = await send(acme.ownerKey, key, { conversationId: id, message: 'another body' });
    expect([mine.status, theirs.status, owners.status]).toEqual([201, 201, 201]);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(owners.headers.get('idempotent-replayed')).toBeNull();
    expect(new Set([mine.body.messageId, theirs.body.messageId, owners.body.messageId]).size).toBe(3);
    const stamped = await api.db.query<{ api_key_id: string }>(
      'SELECT api_key_id FROM messages WHERE conversation_id = $1 AND seq > 1 ORDER BY seq',
      [id],
    );
    expect(stamped.map((m) => m.api_key_id)).toEqual([agent.keyId, agent2.keyId, acme.ownerKeyId]);
    // each key replays its own response
    const replay = await send(agent2.key, key, body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.messageId).toBe(theirs.body.messageId);
    expect((await keyRows(key)).map((r) => r.api_key_id).sort()).toEqual(
      [agent.keyId, agent2.keyId, acme.ownerKeyId].sort(),
    );
    // a key of another workspace with the same Idempotency-Key neither replays nor sees the conversation
    const foreign = await send(other.ownerKey, key, body);
    expectError(foreign, 404, 'not_found');
  });

  it('stores nothing for a failed request: the same key and body succeed once the conversation exists', async () => {
    const id = newId('conversation');
    const key = randomUUID();
    const body = { conversationId: id, message: 'are you there?' };
    expectError(await send(agent.key, key, body), 404, 'not_found');
    expect(await keyRows(key)).toEqual([
      expect.objectContaining({ api_key_id: agent.keyId, status_code: null, sealed_response: null }),
    ]);
    await api.db.query(
      `INSERT INTO conversations (id, workspace_id, bot_id, session_id, status, handler, message_count)
       VALUES ($1, $2, $3, $4, 'open', 'bot', 0)`,
      [id, acme.workspaceId, bot.id, newId('session')],
    );
    const later = await send(agent.key, key, body);
    expect(later.status, later.text).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    const replay = await send(agent.key, key, body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.messageId).toBe(later.body.messageId);
    expect(await counts(id)).toEqual({ messages: 1, leads: 0, events: 1 });
  });

  it('stores nothing for a failed request: the same key may carry a corrected request', async () => {
    const { id } = await conversation();
    const key = randomUUID();
    const invalid = await api.call('POST', '/api/v1/actions/create-lead', {
      key: agent.key,
      body: { conversationId: id, capturedFields: { email: 'not an email' } },
      headers: { 'idempotency-key': key },
    });
    expectError(invalid, 400, 'validation_failed');
    const missing = await send(agent.key, key, { conversationId: newId('conversation'), message: 'x' });
    expectError(missing, 404, 'not_found');
    const fixed = await api.call('POST', '/api/v1/actions/create-lead', {
      key: agent.key,
      body: { conversationId: id, capturedFields: { email: 'dana@example.com' } },
      headers: { 'idempotency-key': key },
    });
    expect(fixed.status, fixed.text).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    expect(await counts(id)).toEqual({ messages: 1, leads: 1, events: 1 });
    // from now on the key belongs to the successful request
    const reused = await api.call('POST', '/api/v1/actions/create-lead', {
      key: agent.key,
      body: { conversationId: id, capturedFields: { email: 'not an email' } },
      headers: { 'idempotency-key': key },
    });
    expectError(reused, 422, 'idempotency_key_reused');
  });

  it('starts over with a key older than 24 hours', async () => {
    const { id } = await conversation();
    const key = randomUUID();
    const body = { conversationId: id, message: 'daily' };
    const first = await send(agent.key, key, body);
    expect(first.status).toBe(201);
    await api.db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '23 hours' WHERE key = $1`,
      [key],
    );
    expect((await send(agent.key, key, body)).headers.get('idempotent-replayed')).toBe('true');
    await api.db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 minute' WHERE key = $1`,
      [key],
    );
    const fresh = await send(agent.key, key, body);
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(fresh.body.messageId).not.toBe(first.body.messageId);
    expect(await counts(id)).toEqual({ messages: 3, leads: 0, events: 2 });
    const [row] = await keyRows(key);
    expect(Date.now() - row.created_at.getTime()).toBeLessThan(60_000);
    // expired with another body: not "reused", a new request
    await api.db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [key],
    );
    const other = await send(agent.key, key, { conversationId: id, message: 'something else' });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });

  it.each([
    ['256 characters', 'k'.repeat(256)],
    ['a non-ASCII character', 'caf\u00e9-order-1'],
    ['a space', 'two words'],
    ['an empty value', ''],
  ])('400 validation_failed for a key with %s, writing nothing', async (_name, key) => {
    const { id } = await conversation();
    const res = await send(agent.key, key, { conversationId: id, message: 'hi' });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    expect(await counts(id)).toEqual({ messages: 1, leads: 0, events: 0 });
  });

  // The reference's rule for the header (its schema in openapi.json) is the server's, on the POSTs
  // without a body too: what the schema refuses answers the documented 400, what it allows gets past.
  it.each([
    ['/api/v1/hooks/{hookId}/test'],
    ['/api/v1/hooks/{hookId}/rotate-secret'],
    ['/api/v1/hooks/{hookId}/deliveries/{deliveryId}/retry'],
  ])('POST %s: the documented Idempotency-Key rule is the one the server applies', async (template) => {
    const operation = DOCUMENT.paths[template].post;
    const header = operation.parameters.find((parameter: any) => parameter.name === 'Idempotency-Key');
    const documented = (key: string) =>
      key.length >= header.schema.minLength &&
      key.length <= header.schema.maxLength &&
      new RegExp(header.schema.pattern).test(key);
    expect(
      operation.responses['400'].content['application/json'].examples.idempotencyKeyInvalid,
    ).toBeDefined();
    // Ids of nothing: a key that passes the rule reaches the handler and gets 404.
    const path = template.replace('{hookId}', newId('hook')).replace('{deliveryId}', newId('delivery'));
    for (const key of ['k'.repeat(256), 'k'.repeat(255), 'caf\u00e9', 'two words', '', '!~', randomUUID()]) {
      const res = await api.call('POST', path, { key: acme.ownerKey, headers: { 'idempotency-key': key } });
      if (documented(key)) expect(res.status, JSON.stringify(key)).toBe(404);
      else {
        expectError(res, 400, 'validation_failed');
        expect(res.body.error.details, JSON.stringify(key)).toEqual([
          { field: 'Idempotency-Key', message: expect.any(String) },
        ]);
      }
    }
  });

  it('accepts a key of 255 visible ASCII characters', async () => {
    const { id } = await conversation();
    const key = `${'!~'.repeat(100)}${'a'.repeat(55)}`;
    expect(key).toHaveLength(255);
    expect((await send(agent.key, key, { conversationId: id, message: 'hi' })).status).toBe(201);
    const replay = await send(agent.key, key, { conversationId: id, message: 'hi' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('409 conflict while the first request with the key is in flight', async () => {
    const { id } = await conversation();
    const key = randomUUID();
    const body = { conversationId: id, message: 'in flight' };
    await api.db.query('INSERT INTO idempotency_keys (api_key_id, key, fingerprint) VALUES ($1, $2, $3)', [
      agent.keyId,
      key,
      'x'.repeat(64),
    ]);
    const holder = new Client({ connectionString: api.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM idempotency_keys WHERE api_key_id = $1 AND key = $2 FOR UPDATE', [
        agent.keyId,
        key,
      ]);
      expectError(await send(agent.key, key, body), 409, 'conflict');
      expectError(await send(agent.key, key, { ...body, message: 'other body' }), 409, 'conflict');
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    // the holder stored no response: the key is free for this request
    const res = await send(agent.key, key, body);
    expect(res.status).toBe(201);
    expect(await counts(id)).toEqual({ messages: 2, leads: 0, events: 1 });
  });

  it('20 parallel requests with one key create exactly one message', async () => {
    const { id } = await conversation();
    const key = randomUUID();
    const body = { conversationId: id, message: 'exactly once' };
    const results = await Promise.all(Array.from({ length: 20 }, () => send(agent.key, key, body)));
    for (const res of results) {
      expect([201, 409], res.text).toContain(res.status);
      if (res.status === 409) expect(res.body.error.code).toBe('conflict');
    }
    const created = results.filter((r) => r.status === 201);
    const originals = created.filter((r) => r.headers.get('idempotent-replayed') === null);
    expect(originals).toHaveLength(1);
    for (const res of created) {
      if (res !== originals[0]) expect(res.headers.get('idempotent-replayed')).toBe('true');
      expect(res.body).toEqual(originals[0].body);
    }
    expect(await counts(id)).toEqual({ messages: 2, leads: 0, events: 1 });
    const [stored] = await api.db.query<{ id: string }>(
      'SELECT id FROM messages WHERE conversation_id = $1 AND seq = 2',
      [id],
    );
    expect(stored.id).toBe(originals[0].body.messageId);
    const retry = await send(agent.key, key, body);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.messageId).toBe(stored.id);
  });

  it('keeps responses sealed: a new API key never appears in idempotency_keys', async () => {
    const key = randomUUID();
    const call = () =>
      api.call('POST', '/api/v1/auth/keys', {
        key: acme.ownerKey,
        body: { name: 'Zapier production', memberId: agent.memberId },
        headers: { 'idempotency-key': key },
      });
    const created = await call();
    expect(created.status).toBe(201);
    const secret: string = created.body.key;
    expect(secret).toMatch(/^nhx_sk_/);
    const rows = await keyRows(key);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ api_key_id: acme.ownerKeyId, status_code: 201 });
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(7));
    expect(stored).not.toContain(created.body.id);
    expect(stored).not.toContain('Zapier production');
    expect(rows[0].sealed_response).not.toContain(Buffer.from(secret).toString('base64'));
    // the replay shows the same key once more (Stripe-style), and issues no second one
    const replay = await call();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(created.text);
    const keys = await api.db.query("SELECT id FROM api_keys WHERE name = 'Zapier production'");
    expect(keys).toHaveLength(1);
  });
});
