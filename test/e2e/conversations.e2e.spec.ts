import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/ids/ids';
import type { ApiResponse } from '../support/http';
import { expectError } from '../support/expect';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

const STATUSES = ['open', 'escalated', 'resolved'] as const;
type Status = (typeof STATUSES)[number];
/** Every seeded time is T0 plus whole seconds plus one of a few milliseconds: ties are common. */
const T0 = Date.parse('2026-03-14T09:00:00.000Z');

interface Seeded {
  id: string;
  botId: string;
  sessionId: string;
  status: Status;
  handler: 'bot' | 'team';
  customer: { name: string | null; email: string | null };
  messageCount: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  escalatedAt: string | null;
}

interface Filter {
  botId?: string;
  status?: Status;
  since?: string;
  order?: 'asc' | 'desc';
  limit?: number;
}

/** The oracle: a plain filter and sort of what was seeded. */
function expected(rows: Seeded[], filter: Filter): Seeded[] {
  const since = filter.since === undefined ? -Infinity : Date.parse(filter.since);
  const sign = filter.order === 'asc' ? 1 : -1;
  return rows
    .filter((r) => filter.botId === undefined || r.botId === filter.botId)
    .filter((r) => filter.status === undefined || r.status === filter.status)
    .filter((r) => Date.parse(r.updatedAt) >= since)
    .sort((a, b) => {
      const byTime = Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
      if (byTime !== 0) return sign * byTime;
      return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
}

function queryString(filter: Filter, cursor?: string | null): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    if (value !== undefined) params.set(name, String(value));
  }
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

describe('conversations: GET /api/v1/conversations and /{id}', () => {
  let api: TestApi;
  let acme: SeededWorkspace;
  let other: SeededWorkspace;
  let bots: string[];
  let foreignBot: string;
  let viewer: { key: string };

  /** Pages through the list with `filter`, checking each page's shape; returns every item in order. */
  async function pageThrough(key: string, filter: Filter): Promise<any[]> {
    const limit = filter.limit ?? 50;
    const items: any[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 500; page += 1) {
      const res: ApiResponse = await api.call('GET', `/api/v1/conversations?${queryString(filter, cursor)}`, {
        key,
      });
      expect(res.status, res.text).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['conversations', 'nextCursor']);
      items.push(...res.body.conversations);
      cursor = res.body.nextCursor;
      if (cursor === null) {
        expect(res.body.conversations.length).toBeLessThanOrEqual(limit);
        return items;
      }
      expect(res.body.conversations).toHaveLength(limit);
    }
    throw new Error('too many pages');
  }

  /** Replaces acme's conversations with `rows`, in one statement. */
  async function seed(rows: Seeded[]): Promise<void> {
    await api.db.query('DELETE FROM conversations WHERE workspace_id = $1', [acme.workspaceId]);
    if (rows.length === 0) return;
    const column = <K extends keyof Seeded>(k: K) => rows.map((r) => r[k]);
    await api.db.query(
      `INSERT INTO conversations (id, workspace_id, bot_id, session_id, status, handler, message_count,
                                  customer_name, customer_email, created_at, updated_at, resolved_at, escalated_at)
       SELECT id, $2, bot_id, session_id, status::conversation_status, handler::conversation_handler, message_count,
              customer_name, customer_email, created_at, updated_at, resolved_at, escalated_at
         FROM unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[],
                     $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[])
           AS t(id, bot_id, session_id, status, handler, message_count, customer_name, customer_email,
                created_at, updated_at, resolved_at, escalated_at)`,
      [
        column('id'),
        acme.workspaceId,
        column('botId'),
        column('sessionId'),
        column('status'),
        column('handler'),
        column('messageCount'),
        rows.map((r) => r.customer.name),
        rows.map((r) => r.customer.email),
        column('createdAt'),
        column('updatedAt'),
        column('resolvedAt'),
        column('escalatedAt'),
      ],
    );
  }

  beforeAll(async () => {
    api = await startTestApi({ NHX_RATE_LIMIT_PER_MINUTE: '1000000' });
    acme = await api.createWorkspace('Acme');
    other = await api.createWorkspace('Other');
    bots = [];
    for (const name of ['Help center bot', 'Sales bot', 'Returns bot']) {
      bots.push((await api.createBot(acme.workspaceId, name)).id);
    }
    foreignBot = (await api.createBot(other.workspaceId, 'Foreign bot')).id;
    viewer = await api.addMember(acme.workspaceId, 'viewer');
    // another workspace's conversations, at the same times: never listed for acme
    for (let i = 0; i < 6; i += 1) {
      await api.createConversation(other.workspaceId, foreignBot, {
        status: STATUSES[i % 3],
        updatedAt: new Date(T0 + (i % 3) * 1000),
      });
    }
  });
  afterAll(async () => {
    await api.close();
  });

  describe('list filters and paging against an oracle (property-based)', () => {
    const rowArb = fc.record({
      bot: fc.nat(2),
      status: fc.constantFrom(...STATUSES),
      second: fc.nat(12),
      ms: fc.constantFrom(0, 1, 500, 999),
      team: fc.boolean(),
      messages: fc.nat(9),
      named: fc.boolean(),
    });
    const timeArb = fc.record({
      second: fc.integer({ min: -1, max: 14 }),
      ms: fc.constantFrom(0, 1, 499, 500, 501, 999),
      // Z with milliseconds, Z without (whole seconds), or a +05:30 offset
      spelling: fc.constantFrom('ms', 'seconds', 'offset'),
    });
    const filterArb = fc.record(
      {
        bot: fc.constantFrom<number | 'foreign' | 'unknown'>(0, 1, 2, 'foreign', 'unknown'),
        status: fc.constantFrom(...STATUSES),
        since: timeArb,
        order: fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        limit: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 100 })),
      },
      { requiredKeys: [] },
    );

    function spell(time: { second: number; ms: number; spelling: string }): string {
      const instant = new Date(T0 + time.second * 1000 + time.ms);
      if (time.spelling === 'seconds') return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (time.spelling === 'offset') {
        return new Date(instant.getTime() + 5.5 * 3_600_000).toISOString().replace('Z', '+05:30');
      }
      return instant.toISOString();
    }

    it('returns exactly the filtered, sorted conversations across pages, for any filters and limits', async () => {
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(rowArb, { maxLength: 60 }),
          fc.array(filterArb, { minLength: 1, maxLength: 3 }),
          async (rowSpecs, filterSpecs) => {
            runs += 1;
            const rows: Seeded[] = rowSpecs.map((spec) => {
              const updatedAt = new Date(T0 + spec.second * 1000 + spec.ms).toISOString();
              return {
                id: newId('conversation'),
                botId: bots[spec.bot],
                sessionId: newId('session'),
                status: spec.status,
                handler: spec.team || spec.status === 'escalated' ? 'team' : 'bot',
                customer: spec.named
                  ? { name: 'Dana Reyes', email: 'dana@example.com' }
                  : { name: null, email: null },
                messageCount: spec.messages,
                createdAt: new Date(T0 - 3_600_000 + spec.messages).toISOString(),
                updatedAt,
                resolvedAt: spec.status === 'resolved' ? updatedAt : null,
                escalatedAt: spec.status === 'escalated' ? updatedAt : null,
              };
            });
            await seed(rows);
            for (const spec of filterSpecs) {
              const filter: Filter = {
                botId:
                  spec.bot === undefined
                    ? undefined
                    : spec.bot === 'foreign'
                      ? foreignBot
                      : spec.bot === 'unknown'
                        ? newId('bot')
                        : bots[spec.bot],
                status: spec.status,
                since: spec.since && spell(spec.since),
                order: spec.order,
                limit: spec.limit,
              };
              const listed = await pageThrough(acme.ownerKey, filter);
              expect(listed).toEqual(expected(rows, filter));
            }
          },
        ),
        { numRuns: 30, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), verbose: 1 },
      );
      expect(runs).toBeGreaterThanOrEqual(30);
    });

    it('orders ties to the millisecond by id, in the direction of the list', async () => {
      const at = new Date(T0).toISOString();
      const rows: Seeded[] = Array.from({ length: 7 }, () => ({
        id: newId('conversation'),
        botId: bots[0],
        sessionId: newId('session'),
        status: 'open',
        handler: 'bot',
        customer: { name: null, email: null },
        messageCount: 0,
        createdAt: at,
        updatedAt: at,
        resolvedAt: null,
        escalatedAt: null,
      }));
      await seed(rows);
      const ids = rows.map((r) => r.id).sort();
      for (const limit of [1, 2, 3, 7]) {
        expect((await pageThrough(viewer.key, { limit, order: 'asc' })).map((c) => c.id)).toEqual(ids);
        expect((await pageThrough(viewer.key, { limit })).map((c) => c.id)).toEqual([...ids].reverse());
      }
    });
  });

  describe('list: invalid and edge-case filters', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    it.each([
      ['status=closed', 'status=closed', 'status'],
      ['status=OPEN', 'status=OPEN', 'status'],
      ['two statuses', 'status=open&status=resolved', 'status'],
      ['since=yesterday', 'since=yesterday', 'since'],
      ['since=2026-03-32T00:00:00Z', 'since=2026-03-32T00:00:00Z', 'since'],
      ['since as epoch seconds', 'since=1773478800', 'since'],
      ['an empty since', 'since=', 'since'],
      ['order=up', 'order=up', 'order'],
      ['order=DESC', 'order=DESC', 'order'],
      ['limit=0', 'limit=0', 'limit'],
      ['limit=101', 'limit=101', 'limit'],
      ['limit=abc', 'limit=abc', 'limit'],
      ['limit=1.5', 'limit=1.5', 'limit'],
      ['limit=-1', 'limit=-1', 'limit'],
      ['a botId of 65 characters', `botId=bot_${'a'.repeat(61)}`, 'botId'],
      ['an unknown parameter', 'bot=bot_x', 'bot'],
      ['another unknown parameter', 'workspaceId=ws_x', 'workspaceId'],
      ['a garbage cursor', 'cursor=not-a-cursor', 'cursor'],
      ['a cursor of 513 characters', `cursor=${'a'.repeat(513)}`, 'cursor'],
      ['a cursor of another list (keys)', `cursor=${b64(['2026-03-14T09:00:00.000Z', 'key_x'])}`, 'cursor'],
      ['a cursor with a loose time', `cursor=${b64(['1', 'cnv_abc', 'desc'])}`, 'cursor'],
      [
        'a cursor with an impossible date',
        `cursor=${b64(['2026-02-30T00:00:00.000Z', 'cnv_abc', 'desc'])}`,
        'cursor',
      ],
      [
        'a cursor in month 13 (no such date: once a 500)',
        `cursor=${b64(['2026-13-01T00:00:00.000Z', 'cnv_abc', 'desc'])}`,
        'cursor',
      ],
      ['a cursor at hour 25', `cursor=${b64(['2026-03-14T25:00:00.000Z', 'cnv_abc', 'desc'])}`, 'cursor'],
      [
        'a cursor before year 1',
        `cursor=${b64(['-200000-01-01T00:00:00.000Z', 'cnv_abc', 'desc'])}`,
        'cursor',
      ],
      [
        'a cursor with a NUL in its id',
        `cursor=${b64(['2026-03-14T09:00:00.000Z', 'cnv_\u0000', 'desc'])}`,
        'cursor',
      ],
      [
        'a cursor with an unknown order',
        `cursor=${b64(['2026-03-14T09:00:00.000Z', 'cnv_abc', 'up'])}`,
        'cursor',
      ],
    ])('400 validation_failed naming the parameter for %s', async (_name, query, field) => {
      const res = await api.call('GET', `/api/v1/conversations?${query}`, { key: acme.ownerKey });
      expectError(res, 400, 'validation_failed', field);
    });

    it('400 for a cursor of order=asc used with order=desc (or the default), and the reverse', async () => {
      await seed([]);
      for (let i = 0; i < 3; i += 1) {
        await api.createConversation(acme.workspaceId, bots[0], { updatedAt: new Date(T0 + i) });
      }
      const asc = await api.call('GET', '/api/v1/conversations?order=asc&limit=1', { key: acme.ownerKey });
      const desc = await api.call('GET', '/api/v1/conversations?limit=1', { key: acme.ownerKey });
      expect([asc.body.nextCursor, desc.body.nextCursor]).toEqual([expect.any(String), expect.any(String)]);
      for (const query of [`order=desc&cursor=${asc.body.nextCursor}`, `cursor=${asc.body.nextCursor}`]) {
        expectError(
          await api.call('GET', `/api/v1/conversations?${query}`, { key: acme.ownerKey }),
          400,
          'validation_failed',
          'cursor',
        );
      }
      expectError(
        await api.call('GET', `/api/v1/conversations?order=asc&cursor=${desc.body.nextCursor}`, {
          key: acme.ownerKey,
        }),
        400,
        'validation_failed',
        'cursor',
      );
      // A cursor is the last row's `[updatedAt, id, order]` as base64url JSON, as integrators hold them.
      const [lastAsc] = asc.body.conversations;
      expect(JSON.parse(Buffer.from(asc.body.nextCursor, 'base64url').toString())).toEqual([
        lastAsc.updatedAt,
        lastAsc.id,
        'asc',
      ]);
      expect(asc.body.nextCursor).toBe(b64([lastAsc.updatedAt, lastAsc.id, 'asc']));
      const next = await api.call('GET', `/api/v1/conversations?order=asc&cursor=${asc.body.nextCursor}`, {
        key: acme.ownerKey,
      });
      expect(next.status).toBe(200);
      expect(next.body.conversations).toHaveLength(2);
    });

    it("lists nothing for an unknown bot, another workspace's bot or a botId of no bot's shape", async () => {
      await seed([]);
      await api.createConversation(acme.workspaceId, bots[0]);
      // (A NUL is refused with 400, as in every string: see input-hardening.e2e.spec.ts.)
      for (const botId of [newId('bot'), foreignBot, 'nope', 'bot_%01', bots[0].toLowerCase()]) {
        const res = await api.call('GET', `/api/v1/conversations?botId=${botId}`, { key: acme.ownerKey });
        expect(res.status, botId).toBe(200);
        expect(res.body, botId).toEqual({ conversations: [], nextCursor: null });
      }
      const mine = await api.call('GET', `/api/v1/conversations?botId=${bots[0]}`, { key: acme.ownerKey });
      expect(mine.body.conversations).toHaveLength(1);
    });

    it('lists an empty workspace as empty, and needs a key', async () => {
      const empty = await api.createWorkspace('Empty');
      const res = await api.call('GET', '/api/v1/conversations', { key: empty.ownerKey });
      expect(res.body).toEqual({ conversations: [], nextCursor: null });
      expectError(await api.call('GET', '/api/v1/conversations'), 401, 'unauthorized');
    });
  });

  describe('list: paging while conversations are created', () => {
    it('newest first: new conversations land before the cursor, never shifting or repeating a page', async () => {
      const ws = await api.createWorkspace('Busy');
      const bot = await api.createBot(ws.workspaceId, 'Busy bot');
      const base = Date.now() - 3_600_000;
      for (let i = 0; i < 30; i += 1) {
        // pairs share a millisecond
        await api.createConversation(ws.workspaceId, bot.id, {
          updatedAt: new Date(base + Math.floor(i / 2)),
        });
      }
      const snapshot = (await pageThrough(ws.ownerKey, { limit: 100 })).map((c) => c.id);
      expect(snapshot).toHaveLength(30);

      const first = await api.call('GET', '/api/v1/conversations?limit=4', { key: ws.ownerKey });
      const listed: string[] = first.body.conversations.map((c: any) => c.id);
      let cursor: string | null = first.body.nextCursor;
      let inserting = true;
      const created: string[] = [];
      const inserter = (async () => {
        while (inserting) {
          created.push((await api.createConversation(ws.workspaceId, bot.id)).id);
        }
      })();
      try {
        while (cursor) {
          // at least one insert between any two pages
          const before = created.length;
          await expect.poll(() => created.length, { timeout: 5_000, interval: 5 }).toBeGreaterThan(before);
          const res: ApiResponse = await api.call('GET', `/api/v1/conversations?limit=4&cursor=${cursor}`, {
            key: ws.ownerKey,
          });
          expect(res.status).toBe(200);
          listed.push(...res.body.conversations.map((c: any) => c.id));
          cursor = res.body.nextCursor;
        }
      } finally {
        inserting = false;
        await inserter;
      }
      expect(created.length).toBeGreaterThanOrEqual(7);
      expect(listed).toEqual(snapshot);
      // and they are all there for a new reader, newest first
      const fresh = (await pageThrough(ws.ownerKey, { limit: 7 })).map((c) => c.id);
      expect(fresh).toHaveLength(30 + created.length);
      expect(fresh.slice(created.length)).toEqual(snapshot);
      expect(new Set(fresh.slice(0, created.length))).toEqual(new Set(created));
    });

    it('oldest first: pages stay ordered and unique while conversations are created', async () => {
      const ws = await api.createWorkspace('Busy asc');
      const bot = await api.createBot(ws.workspaceId, 'Busy bot');
      for (let i = 0; i < 12; i += 1) {
        await api.createConversation(ws.workspaceId, bot.id, {
          updatedAt: new Date(Date.now() - 60_000 + i),
        });
      }
      const seen: any[] = [];
      let cursor: string | null = null;
      let page = 0;
      do {
        const res: ApiResponse = await api.call(
          'GET',
          `/api/v1/conversations?order=asc&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
          { key: ws.ownerKey },
        );
        seen.push(...res.body.conversations);
        cursor = res.body.nextCursor;
        if (page < 3) await api.createConversation(ws.workspaceId, bot.id);
        page += 1;
      } while (cursor);
      const keys = seen.map((c) => `${c.updatedAt} ${c.id}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toEqual([...keys].sort());
      expect(seen.length).toBeGreaterThanOrEqual(12);
    });
  });

  describe('GET /api/v1/conversations/{id}', () => {
    it('answers the conversation with every message oldest first, with all fields', async () => {
      const updatedAt = new Date(Date.now() - 3_600_000);
      const c = await api.createConversation(acme.workspaceId, bots[1], {
        status: 'escalated',
        customerName: 'Dana Reyes',
        customerEmail: 'dana@example.com',
        createdAt: new Date(updatedAt.getTime() - 60_000),
        updatedAt,
        messages: 2,
      });
      const botMessage = newId('message');
      await api.db.query(
        `INSERT INTO messages (id, workspace_id, conversation_id, seq, author, channel, text, confidence_score,
                               was_fallback, created_at)
         VALUES ($1, $2, $3, 3, 'bot', 'bot', 'Sorry, could you rephrase?', 0.25, true, $4)`,
        [botMessage, acme.workspaceId, c.id, updatedAt],
      );
      await api.db.query('UPDATE conversations SET message_count = 3 WHERE id = $1', [c.id]);
      const agent = await api.addMember(acme.workspaceId, 'agent');
      const sent = await api.call('POST', '/api/v1/actions/send-message', {
        key: agent.key,
        body: { conversationId: c.id, message: 'Sarah here.' },
      });
      expect(sent.status).toBe(201);
      const customerMessages = await api.db.query<{ id: string }>(
        'SELECT id FROM messages WHERE conversation_id = $1 AND seq <= 2 ORDER BY seq',
        [c.id],
      );

      const res = await api.call('GET', `/api/v1/conversations/${c.id}`, { key: viewer.key });
      expect(res.status).toBe(200);
      const at = updatedAt.toISOString();
      expect(res.body).toEqual({
        id: c.id,
        botId: bots[1],
        sessionId: c.sessionId,
        status: 'escalated',
        handler: 'team',
        customer: { name: 'Dana Reyes', email: 'dana@example.com' },
        messageCount: 4,
        createdAt: new Date(updatedAt.getTime() - 60_000).toISOString(),
        updatedAt: sent.body.sentAt,
        resolvedAt: null,
        escalatedAt: at,
        messagesTruncated: false,
        messages: [
          ...customerMessages.map((m, i) => ({
            id: m.id,
            author: 'customer',
            channel: 'widget',
            text: `customer message ${i + 1}`,
            confidenceScore: null,
            wasFallback: false,
            apiKeyId: null,
            memberId: null,
            sentAt: at,
          })),
          {
            id: botMessage,
            author: 'bot',
            channel: 'bot',
            text: 'Sorry, could you rephrase?',
            confidenceScore: 0.25,
            wasFallback: true,
            apiKeyId: null,
            memberId: null,
            sentAt: at,
          },
          {
            id: sent.body.messageId,
            author: 'team',
            channel: 'api',
            text: 'Sarah here.',
            confidenceScore: null,
            wasFallback: false,
            apiKeyId: agent.keyId,
            memberId: null,
            sentAt: sent.body.sentAt,
          },
        ],
      });
      // the list shows the same conversation without its messages
      const listed = await api.call('GET', `/api/v1/conversations?botId=${bots[1]}&limit=100`, {
        key: viewer.key,
      });
      const { messages: _messages, messagesTruncated: _truncated, ...summary } = res.body;
      expect(listed.body.conversations).toContainEqual(summary);
    });

    it('answers the latest 500 messages, oldest first, and says it truncated', async () => {
      const c = await api.createConversation(acme.workspaceId, bots[0]);
      await api.db.query(
        `INSERT INTO messages (id, workspace_id, conversation_id, seq, author, channel, text, created_at)
         SELECT 'msg_bulk' || s || $3, $1, $2, s, 'customer', 'widget', 'm' || s, now()
           FROM generate_series(1, 502) s`,
        [acme.workspaceId, c.id, c.id.slice(4, 12)],
      );
      await api.db.query('UPDATE conversations SET message_count = 502 WHERE id = $1', [c.id]);
      const res = await api.call('GET', `/api/v1/conversations/${c.id}`, { key: acme.ownerKey });
      expect(res.status).toBe(200);
      expect(res.body.messageCount).toBe(502);
      expect(res.body.messagesTruncated).toBe(true);
      expect(res.body.messages.map((m: any) => m.text)).toEqual(
        Array.from({ length: 500 }, (_, i) => `m${i + 3}`),
      );
    });

    it("404 for another workspace's conversation, byte-identical to a missing or malformed id", async () => {
      const foreign = await api.createConversation(other.workspaceId, foreignBot, { messages: 1 });
      const ids = [
        foreign.id,
        newId('conversation'),
        'nope',
        'cnv_not!valid',
        `cnv_${'a'.repeat(61)}`,
        'cnv_%01',
      ];
      const answers = await Promise.all(
        ids.map((id) => api.call('GET', `/api/v1/conversations/${id}`, { key: acme.ownerKey })),
      );
      const normalised = answers.map((res) => {
        expectError(res, 404, 'not_found');
        return res.text.replace(res.body.error.requestId, 'req_');
      });
      expect(new Set(normalised).size).toBe(1);
      expect(new Set(answers.map((r) => r.headers.get('content-type'))).size).toBe(1);
      // the owner sees it
      const own = await api.call('GET', `/api/v1/conversations/${foreign.id}`, { key: other.ownerKey });
      expect(own.status).toBe(200);
      expect(own.body.messages).toHaveLength(1);
    });

    it('needs a key', async () => {
      const c = await api.createConversation(acme.workspaceId, bots[0]);
      expectError(await api.call('GET', `/api/v1/conversations/${c.id}`), 401, 'unauthorized');
    });
  });
});
