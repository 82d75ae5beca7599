import { setTimeout as sleep } from 'node:timers/promises';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/ids/ids';
import { createOrmConfig } from '../../src/core/database/mikro-orm.config';
import { migrateDatabase } from '../../src/core/database/migrate';
import { SEQUENCER_LOCK_KEY } from '../../src/modules/events/event-sequencer.service';
import { createTestDatabase } from '../support/database';
import type { ApiResponse } from '../support/http';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';
import { API_PAGE_EVENT_FIELDS } from '../support/oracle';
import { expectError, until } from '../support/expect';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface EventRow {
  id: string;
  type: string;
  workspace_id: string;
  data: Record<string, unknown>;
  created_at: Date;
  /** Null until the event has been given its place in the feed. */
  position: string | null;
  /** The writing transaction's 32-bit xid, to compare with the `xmin` of the rows it changed. */
  xid: string;
}

describe('the event outbox and GET /api/v1/events', () => {
  let api: TestApi;
  let acme: SeededWorkspace;
  let other: SeededWorkspace;
  let bot: { id: string };
  let agent: { key: string; keyId: string };
  let viewer: { key: string; keyId: string };

  const eventRows = (where: string, params: unknown[]) =>
    api.db.query<EventRow>(
      `SELECT id, type, workspace_id, data, created_at, position::text AS position,
              (txid::text::numeric % 4294967296)::text AS xid
         FROM events WHERE ${where} ORDER BY position NULLS LAST, seq`,
      params,
    );
  const eventsOf = (conversationId: string) => eventRows(`data->>'conversationId' = $1`, [conversationId]);
  const totalEventsOf = async (workspaceId: string) =>
    Number(
      (
        await api.db.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE workspace_id = $1', [
          workspaceId,
        ])
      )[0].n,
    );
  const totalEvents = async () =>
    Number((await api.db.query<{ n: string }>('SELECT count(*) AS n FROM events'))[0].n);
  const xminOf = async (table: 'messages' | 'leads' | 'conversations', id: string) =>
    (await api.db.query<{ xmin: string }>(`SELECT xmin::text AS xmin FROM ${table} WHERE id = $1`, [id]))[0]
      .xmin;
  const action = (path: string, key: string, body: unknown) =>
    api.call('POST', `/api/v1/actions/${path}`, { key, body });

  /** Every page of `GET /events?<query>`, following `nextCursor`. */
  async function listAll(key: string, query = '', limit = 100): Promise<any[]> {
    const events: any[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 200; page += 1) {
      const params = new URLSearchParams(query);
      params.set('limit', String(limit));
      if (cursor) params.set('cursor', cursor);
      const res: ApiResponse = await api.call('GET', `/api/v1/events?${params.toString()}`, { key });
      expect(res.status, res.text).toBe(200);
      expect(res.body.events.length).toBeLessThanOrEqual(limit);
      events.push(...res.body.events);
      cursor = res.body.nextCursor;
      if (!cursor) return events;
      expect(res.body.events).toHaveLength(limit);
    }
    throw new Error('too many pages');
  }

  /** Polls until `count` events are listed. */
  async function listWhenVisible(key: string, count: number, query = '', limit = 100): Promise<any[]> {
    await expect
      .poll(async () => (await listAll(key, query, limit)).length, { timeout: 15_000, interval: 50 })
      .toBe(count);
    return listAll(key, query, limit);
  }

  /** A cursor as the API hands them out: the position of the last event read. */
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const positionCursor = async (eventId: string) => {
    const [row] = await api.db.query<{ position: string | null }>(
      'SELECT position::text AS position FROM events WHERE id = $1',
      [eventId],
    );
    expect(row.position).not.toBeNull();
    return b64([row.position]);
  };

  /** A reader following the feed with cursors, as a poller does. */
  function follower(key: string) {
    const seen: string[] = [];
    let cursor: string | null = null;
    /** Reads what is new, page by page, and keeps the cursor after the last event read. */
    const read = async () => {
      for (;;) {
        const res: ApiResponse = await api.call(
          'GET',
          `/api/v1/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          { key },
        );
        expect(res.status, res.text).toBe(200);
        seen.push(...res.body.events.map((e: any) => e.id));
        if (res.body.nextCursor) cursor = res.body.nextCursor;
        else if (seen.length > 0) cursor = await positionCursor(seen.at(-1)!);
        if (!res.body.nextCursor) return;
      }
    };
    return {
      seen,
      /** Reads until every one of `ids` has been listed; returns how long that took, in ms. */
      async until(ids: string[], timeoutMs: number): Promise<number> {
        const started = Date.now();
        for (;;) {
          await read();
          if (ids.every((id) => seen.includes(id))) return Date.now() - started;
          if (Date.now() - started > timeoutMs) {
            throw new Error(
              `not listed within ${timeoutMs} ms: ${ids.filter((id) => !seen.includes(id)).join(', ')}`,
            );
          }
          await sleep(50);
        }
      },
    };
  }

  /** Sends a message through the API; returns the id of the event it wrote. */
  async function sendMessage(key: string, conversationId: string, message: string): Promise<string> {
    const sent = await action('send-message', key, { conversationId, message });
    expect(sent.status, sent.text).toBe(201);
    const [event] = await api.db.query<{ id: string }>(
      `SELECT id FROM events WHERE data->>'messageId' = $1`,
      [sent.body.messageId],
    );
    return event.id;
  }

  /**
   * While the transaction `heldXid` stays open (for `holdMs` from now), every event written through
   * the API is listed to a cursor-following reader within 2 s.
   */
  async function expectFeedKeepsUp(heldXid: string, holdMs: number): Promise<void> {
    const { ws, conversation: c } = await freshWorkspace();
    const reader = follower(ws.ownerKey);
    /** The server-wide snapshot horizon is at or before the held transaction: it holds back whatever waits for it. */
    const expectHorizonHeld = async () => {
      const [{ xmin }] = await api.db.query<{ xmin: string }>(
        'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
      );
      expect(BigInt(xmin)).toBeLessThanOrEqual(BigInt(heldXid));
    };
    const started = Date.now();
    const written: string[] = [];
    while (Date.now() - started < holdMs - 2_000) {
      await expectHorizonHeld();
      written.push(await sendMessage(ws.ownerKey, c.id, `during ${written.length}`));
      expect(await reader.until(written.slice(-1), 2_000)).toBeLessThanOrEqual(2_000);
      await sleep(1_000);
    }
    await sleep(Math.max(0, started + holdMs - Date.now()));
    await expectHorizonHeld();
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(reader.seen).toEqual(written);
  }

  const envelopeOf = (row: EventRow) => ({
    id: row.id,
    type: row.type,
    createdAt: row.created_at.toISOString(),
    workspaceId: row.workspace_id,
    data: row.data,
  });

  /** A workspace of its own with a bot, a conversation and an agent, so its event list is exactly ours. */
  async function freshWorkspace() {
    const ws = await api.createWorkspace('Fresh');
    const freshBot = await api.createBot(ws.workspaceId, 'Bot');
    const conversation = await api.createConversation(ws.workspaceId, freshBot.id, { messages: 1 });
    return { ws, bot: freshBot, conversation };
  }

  beforeAll(async () => {
    api = await startTestApi({ NHX_RATE_LIMIT_PER_MINUTE: '1000000' });
    acme = await api.createWorkspace('Acme');
    other = await api.createWorkspace('Other');
    bot = await api.createBot(acme.workspaceId, 'Help center bot');
    agent = await api.addMember(acme.workspaceId, 'agent');
    viewer = await api.addMember(acme.workspaceId, 'viewer');
  });
  afterAll(async () => {
    await api.close();
  });

  describe('written in the transaction of the action', () => {
    it('send-message: one message.sent with exactly the documented data', async () => {
      const c = await api.createConversation(acme.workspaceId, bot.id, { messages: 1 });
      const res = await action('send-message', agent.key, { conversationId: c.id, message: 'Hello' });
      expect(res.status).toBe(201);
      const events = await eventsOf(c.id);
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event).toMatchObject({ type: 'message.sent', workspace_id: acme.workspaceId });
      expect(event.id).toMatch(/^evt_[0-9A-Za-z]{22}$/);
      expect(Object.keys(event.data)).toEqual(API_PAGE_EVENT_FIELDS['message.sent']);
      expect(event.data).toEqual({
        conversationId: c.id,
        botId: bot.id,
        sessionId: c.sessionId,
        messageId: res.body.messageId,
        channel: 'api',
        confidenceScore: null,
        wasFallback: false,
        sentAt: res.body.sentAt,
      });
      // the message, the conversation's update and the event: one transaction
      expect(await xminOf('messages', res.body.messageId)).toBe(event.xid);
      expect(await xminOf('conversations', c.id)).toBe(event.xid);
    });

    it('create-lead: one lead.captured with exactly the documented data', async () => {
      const c = await api.createConversation(acme.workspaceId, bot.id);
      const res = await action('create-lead', agent.key, {
        conversationId: c.id,
        capturedFields: { email: 'dana@example.com', plan: ' pro ' },
      });
      expect(res.status).toBe(201);
      const [event, ...rest] = await eventsOf(c.id);
      expect(rest).toEqual([]);
      expect(event.type).toBe('lead.captured');
      expect(Object.keys(event.data)).toEqual(API_PAGE_EVENT_FIELDS['lead.captured']);
      expect(event.data).toEqual({
        conversationId: c.id,
        botId: bot.id,
        leadId: res.body.leadId,
        capturedFields: { email: 'dana@example.com', plan: 'pro' },
        sessionId: c.sessionId,
        capturedAt: res.body.capturedAt,
      });
      expect(await xminOf('leads', res.body.leadId)).toBe(event.xid);
    });

    it('resolve-conversation: one conversation.resolved, none when already resolved', async () => {
      const c = await api.createConversation(acme.workspaceId, bot.id, { status: 'escalated' });
      const res = await action('resolve-conversation', agent.key, { conversationId: c.id });
      expect(res.status).toBe(200);
      expect((await action('resolve-conversation', agent.key, { conversationId: c.id })).status).toBe(200);
      const events = await eventsOf(c.id);
      expect(events.map((e) => e.type)).toEqual(['conversation.resolved']);
      expect(Object.keys(events[0].data)).toEqual(API_PAGE_EVENT_FIELDS['conversation.resolved']);
      expect(events[0].data).toEqual({
        conversationId: c.id,
        botId: bot.id,
        sessionId: c.sessionId,
        resolvedAt: res.body.resolvedAt,
      });
      expect(await xminOf('conversations', c.id)).toBe(events[0].xid);
    });

    it('a failed action writes no event', async () => {
      const c = await api.createConversation(acme.workspaceId, bot.id, { messages: 1 });
      const foreign = await api.createConversation(
        other.workspaceId,
        (await api.createBot(other.workspaceId, 'B')).id,
      );
      const before = await totalEvents();
      const failures = [
        await action('send-message', agent.key, { conversationId: newId('conversation'), message: 'x' }),
        await action('send-message', agent.key, { conversationId: foreign.id, message: 'x' }),
        await action('send-message', agent.key, { conversationId: c.id, message: '' }),
        await action('send-message', viewer.key, { conversationId: c.id, message: 'x' }),
        await action('create-lead', agent.key, { conversationId: c.id, capturedFields: { email: 'x' } }),
        await action('create-lead', agent.key, { conversationId: foreign.id, capturedFields: { name: 'A' } }),
        await action('resolve-conversation', agent.key, { conversationId: foreign.id }),
        await action('resolve-conversation', viewer.key, { conversationId: c.id }),
      ];
      expect(failures.map((r) => r.status)).toEqual([404, 404, 400, 403, 400, 404, 404, 403]);
      expect(await totalEvents()).toBe(before);
      const [row] = await api.db.query<{ n: string }>(
        'SELECT count(*) AS n FROM messages WHERE conversation_id = ANY($1)',
        [[c.id, foreign.id]],
      );
      expect(Number(row.n)).toBe(1);
    });

    it('an action whose outbox write fails leaves nothing behind, and an event never outlives its action', async () => {
      const c = await api.createConversation(acme.workspaceId, bot.id, {
        messages: 1,
        updatedAt: new Date(Date.now() - 60_000),
      });
      const snapshot = () =>
        api.db.query(
          `SELECT c.status, c.handler, c.message_count, c.updated_at, c.resolved_at,
                  (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS messages,
                  (SELECT count(*) FROM leads l WHERE l.conversation_id = c.id) AS leads,
                  (SELECT count(*) FROM events e WHERE e.data->>'conversationId' = c.id) AS events
             FROM conversations c WHERE c.id = $1`,
          [c.id],
        );
      const before = await snapshot();
      await api.db.query(`CREATE TABLE doomed (conversation_id text PRIMARY KEY, tbl text NOT NULL)`);
      await api.db.query(`
        CREATE FUNCTION fail_if_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM doomed d WHERE d.tbl = TG_TABLE_NAME AND d.conversation_id =
                     CASE WHEN TG_TABLE_NAME = 'events' THEN NEW.data->>'conversationId' ELSE NEW.conversation_id END)
          THEN RAISE EXCEPTION 'doomed write to %', TG_TABLE_NAME;
          END IF;
          RETURN NEW;
        END $$`);
      try {
        for (const table of ['events', 'messages', 'leads']) {
          await api.db.query(
            `CREATE TRIGGER fail_if_doomed BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION fail_if_doomed()`,
          );
        }
        // the event insert fails: the message and the conversation's update roll back with it
        await api.db.query(`INSERT INTO doomed VALUES ($1, 'events')`, [c.id]);
        const sent = await action('send-message', agent.key, { conversationId: c.id, message: 'lost' });
        expectError(sent, 500, 'internal');
        const lead = await action('create-lead', agent.key, {
          conversationId: c.id,
          capturedFields: { name: 'A' },
        });
        expectError(lead, 500, 'internal');
        const resolved = await action('resolve-conversation', agent.key, { conversationId: c.id });
        expectError(resolved, 500, 'internal');
        expect(await snapshot()).toEqual(before);
        // the message (or lead) insert fails: no event is written
        await api.db.query(`UPDATE doomed SET tbl = 'messages'`);
        expectError(
          await action('send-message', agent.key, { conversationId: c.id, message: 'x' }),
          500,
          'internal',
        );
        await api.db.query(`UPDATE doomed SET tbl = 'leads'`);
        const lead2 = await action('create-lead', agent.key, {
          conversationId: c.id,
          capturedFields: { name: 'A' },
        });
        expectError(lead2, 500, 'internal');
        expect(await snapshot()).toEqual(before);
      } finally {
        for (const table of ['events', 'messages', 'leads']) {
          await api.db.query(`DROP TRIGGER IF EXISTS fail_if_doomed ON ${table}`);
        }
        await api.db.query('DROP FUNCTION IF EXISTS fail_if_doomed()');
        await api.db.query('DROP TABLE IF EXISTS doomed');
      }
      // and once nothing is in the way, the same action works
      expect((await action('send-message', agent.key, { conversationId: c.id, message: 'ok' })).status).toBe(
        201,
      );
      expect(await eventsOf(c.id)).toHaveLength(1);
    });
  });

  describe('GET /api/v1/events', () => {
    it('lists the events in the order they happened, as envelopes equal to the outbox rows', async () => {
      const { ws, conversation: c } = await freshWorkspace();
      const sent = await action('send-message', ws.ownerKey, { conversationId: c.id, message: 'Hi' });
      const lead = await action('create-lead', ws.ownerKey, {
        conversationId: c.id,
        capturedFields: { email: 'a@b.co' },
      });
      const resolved = await action('resolve-conversation', ws.ownerKey, { conversationId: c.id });
      expect([sent.status, lead.status, resolved.status]).toEqual([201, 201, 200]);

      const events = await listWhenVisible(ws.ownerKey, 3);
      expect(events.map((e) => e.type)).toEqual(['message.sent', 'lead.captured', 'conversation.resolved']);
      const rows = await eventRows('workspace_id = $1', [ws.workspaceId]);
      expect(events).toEqual(rows.map(envelopeOf));
      for (const event of events) {
        expect(Object.keys(event)).toEqual(['id', 'type', 'createdAt', 'workspaceId', 'data']);
        expect(event.createdAt).toMatch(ISO_MS);
      }
      expect(events[0].data.messageId).toBe(sent.body.messageId);
      expect(events[1].data.leadId).toBe(lead.body.leadId);
      expect(events[2].data.resolvedAt).toBe(resolved.body.resolvedAt);
    });

    it('filters by type', async () => {
      const { ws, conversation: c } = await freshWorkspace();
      for (const message of ['one', 'two']) {
        await action('send-message', ws.ownerKey, { conversationId: c.id, message });
      }
      await action('create-lead', ws.ownerKey, { conversationId: c.id, capturedFields: { name: 'A' } });
      await action('resolve-conversation', ws.ownerKey, { conversationId: c.id });
      const all = await listWhenVisible(ws.ownerKey, 4);
      for (const type of ['message.sent', 'lead.captured', 'conversation.resolved', 'order.lookup']) {
        const filtered = await listAll(ws.ownerKey, `type=${type}`);
        expect(filtered).toEqual(all.filter((e) => e.type === type));
      }
      expect(await listAll(ws.ownerKey, 'type=message.sent', 1)).toHaveLength(2);
    });

    it('filters by since (inclusive) and never reaches back more than 30 days', async () => {
      const { ws, conversation: c } = await freshWorkspace();
      for (const message of ['a', 'b', 'c', 'd']) {
        await action('send-message', ws.ownerKey, { conversationId: c.id, message });
      }
      const rows = await eventRows('workspace_id = $1', [ws.workspaceId]);
      expect(rows).toHaveLength(4);
      const ago = (ms: number) => new Date(Date.now() - ms);
      const times = [ago(31 * 86_400_000), ago(2 * 86_400_000), ago(3_600_000)];
      for (let i = 0; i < times.length; i += 1) {
        await api.db.query('UPDATE events SET created_at = $1 WHERE id = $2', [times[i], rows[i].id]);
      }
      const ids = rows.map((r) => r.id);
      await listWhenVisible(ws.ownerKey, 3); // the 31-day-old one is past the retention
      const since = async (value: string) =>
        (await listAll(ws.ownerKey, `since=${encodeURIComponent(value)}`)).map((e) => e.id);
      expect(await since('2000-01-01T00:00:00Z')).toEqual(ids.slice(1));
      expect(await since(times[1].toISOString())).toEqual(ids.slice(1));
      expect(await since(new Date(times[1].getTime() + 1).toISOString())).toEqual(ids.slice(2));
      expect(await since(times[2].toISOString())).toEqual(ids.slice(2));
      expect(await since(ago(60_000).toISOString())).toEqual(ids.slice(3));
      expect(await since('2999-01-01T00:00:00Z')).toEqual([]);
      // an offset spells the same instant
      const local = new Date(times[2].getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
      expect(await since(local)).toEqual(ids.slice(2));
    });

    it('pages by cursor without gaps or duplicates, with and without a type filter', async () => {
      const { ws, conversation: c } = await freshWorkspace();
      for (let i = 0; i < 9; i += 1) {
        await action('send-message', ws.ownerKey, { conversationId: c.id, message: `m${i}` });
        if (i % 3 === 0) {
          await action('create-lead', ws.ownerKey, {
            conversationId: c.id,
            capturedFields: { name: `L${i}` },
          });
        }
      }
      const all = await listWhenVisible(ws.ownerKey, 12);
      expect(new Set(all.map((e) => e.id)).size).toBe(12);
      for (const limit of [1, 2, 5, 11, 12, 13]) {
        expect(await listAll(ws.ownerKey, '', limit)).toEqual(all);
        expect(await listAll(ws.ownerKey, 'type=lead.captured', limit)).toEqual(
          all.filter((e) => e.type === 'lead.captured'),
        );
      }
      const first = await api.call('GET', '/api/v1/events?limit=5', { key: ws.ownerKey });
      expect(first.body.events).toEqual(all.slice(0, 5));
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const last = await api.call('GET', '/api/v1/events?limit=12', { key: ws.ownerKey });
      expect(last.body.nextCursor).toBeNull();
    });

    it('never skips or repeats an event while actions commit concurrently', async () => {
      const { ws, conversation: c } = await freshWorkspace();
      const c2 = await api.createConversation(ws.workspaceId, (await api.createBot(ws.workspaceId, 'B2')).id);
      /** Resumes after the last event read, also when the last page had no `nextCursor`. */
      const cursorAfter = positionCursor;
      let writing = true;
      const writer = (async () => {
        const results: ApiResponse[] = [];
        for (let round = 0; round < 4; round += 1) {
          results.push(
            ...(await Promise.all(
              Array.from({ length: 6 }, (_, i) =>
                action('send-message', ws.ownerKey, {
                  conversationId: i % 2 ? c.id : c2.id,
                  message: `r${round}`,
                }),
              ),
            )),
          );
        }
        writing = false;
        return results;
      })();
      const seen: string[] = [];
      let cursor: string | null = null;
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const done = !writing;
        const res: ApiResponse = await api.call(
          'GET',
          `/api/v1/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          { key: ws.ownerKey },
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.events.map((e: any) => e.id));
        if (res.body.nextCursor) cursor = res.body.nextCursor;
        else if (seen.length > 0) cursor = await cursorAfter(seen.at(-1)!);
        if (done && seen.length >= 24 && !res.body.nextCursor) break;
      }
      const results = await writer;
      expect(results.map((r) => r.status)).toEqual(Array(24).fill(201));
      expect(new Set(seen).size).toBe(seen.length);
      const all = await listAll(ws.ownerKey);
      expect(seen).toEqual(all.map((e) => e.id));
      expect(all.map((e) => e.data.messageId).sort()).toEqual(results.map((r) => r.body.messageId).sort());
    });

    describe('newest first (order=desc) and from now (after)', () => {
      /** Sends `count` messages in rounds of six concurrent actions; returns the answers. */
      async function writeConcurrently(key: string, conversationIds: string[], count: number) {
        const results: ApiResponse[] = [];
        for (let sent = 0; sent < count; sent += 6) {
          results.push(
            ...(await Promise.all(
              Array.from({ length: Math.min(6, count - sent) }, (_, i) =>
                action('send-message', key, {
                  conversationId: conversationIds[i % conversationIds.length],
                  message: `w${sent + i}`,
                }),
              ),
            )),
          );
        }
        expect(results.map((r) => r.status)).toEqual(Array(count).fill(201));
        return results;
      }

      it('order=desc lists the same events newest first, at every page size, with cursors for desc only', async () => {
        const { ws, conversation: c } = await freshWorkspace();
        for (let i = 0; i < 7; i += 1) await sendMessage(ws.ownerKey, c.id, `m${i}`);
        const all = await listWhenVisible(ws.ownerKey, 7);
        for (const limit of [1, 2, 3, 6, 7, 8]) {
          expect(await listAll(ws.ownerKey, 'order=desc', limit)).toEqual([...all].reverse());
        }
        expect(await listAll(ws.ownerKey, 'order=asc', 3)).toEqual(all);
        const first = await api.call('GET', '/api/v1/events?order=desc&limit=2', { key: ws.ownerKey });
        expect(first.body.events).toEqual([all[6], all[5]]);
        const typed = await api.call('GET', '/api/v1/events?order=desc&type=lead.captured', {
          key: ws.ownerKey,
        });
        expect(typed.body).toEqual({ events: [], nextCursor: null });
        // A cursor carries the order it was read in: following it the other way is a 400, not a wrong page.
        const ascCursor = (await api.call('GET', '/api/v1/events?limit=2', { key: ws.ownerKey })).body
          .nextCursor;
        expectError(
          await api.call('GET', `/api/v1/events?cursor=${first.body.nextCursor}`, { key: ws.ownerKey }),
          400,
          'validation_failed',
          'cursor',
        );
        expectError(
          await api.call('GET', `/api/v1/events?order=desc&cursor=${ascCursor}`, { key: ws.ownerKey }),
          400,
          'validation_failed',
          'cursor',
        );
        expectError(
          await api.call('GET', '/api/v1/events?order=newest', { key: ws.ownerKey }),
          400,
          'validation_failed',
          'order',
        );
      });

      it('order=desc pages exactly while events keep arriving: every event up to the first page, once, newest first', async () => {
        const { ws, conversation: c } = await freshWorkspace();
        const c2 = await api.createConversation(
          ws.workspaceId,
          (await api.createBot(ws.workspaceId, 'B2')).id,
        );
        await writeConcurrently(ws.ownerKey, [c.id, c2.id], 12);
        await listWhenVisible(ws.ownerKey, 12);
        const writer = writeConcurrently(ws.ownerKey, [c.id, c2.id], 24);
        // Start once the writer is under way, so arrivals interleave with the walk.
        await until(async () => (await totalEventsOf(ws.workspaceId)) > 14, 'the writer to start');
        const seen: any[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 100; page += 1) {
          const res: ApiResponse = await api.call(
            'GET',
            `/api/v1/events?order=desc&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
            { key: ws.ownerKey },
          );
          expect(res.status, res.text).toBe(200);
          seen.push(...res.body.events);
          cursor = res.body.nextCursor;
          if (!cursor) break;
          await sleep(20);
        }
        await writer;
        const all = await listWhenVisible(ws.ownerKey, 36);
        const top = all.findIndex((e) => e.id === seen[0].id);
        expect(top).toBeGreaterThanOrEqual(11);
        expect(seen.map((e) => e.id)).toEqual(
          all
            .slice(0, top + 1)
            .reverse()
            .map((e) => e.id),
        );
        expect(seen).toEqual(all.slice(0, top + 1).reverse());
      });

      it('after=now lists nothing and hands out a cursor from which exactly the events written afterwards are listed', async () => {
        const { ws, conversation: c } = await freshWorkspace();
        const empty = await api.call('GET', '/api/v1/events?after=now', { key: ws.ownerKey });
        expect(empty.status, empty.text).toBe(200);
        expect(empty.body).toEqual({ events: [], nextCursor: expect.any(String) });
        await writeConcurrently(ws.ownerKey, [c.id], 6);
        await listWhenVisible(ws.ownerKey, 6);
        expect(
          (await api.call('GET', `/api/v1/events?cursor=${empty.body.nextCursor}`, { key: ws.ownerKey })).body
            .events,
        ).toHaveLength(6);

        const now = await api.call('GET', '/api/v1/events?after=now&limit=5', { key: ws.ownerKey });
        expect(now.body).toEqual({ events: [], nextCursor: expect.any(String) });
        const c2 = await api.createConversation(
          ws.workspaceId,
          (await api.createBot(ws.workspaceId, 'B2')).id,
        );
        let writing = true;
        const writer = writeConcurrently(ws.ownerKey, [c.id, c2.id], 24).finally(() => {
          writing = false;
        });
        // A poller as the README describes it: follow nextCursor; when a page ends without one, resume
        // after the last event read.
        const seen: string[] = [];
        let query = `cursor=${now.body.nextCursor}`;
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline) {
          const finished = !writing;
          const res: ApiResponse = await api.call('GET', `/api/v1/events?limit=4&${query}`, {
            key: ws.ownerKey,
          });
          expect(res.status, res.text).toBe(200);
          seen.push(...res.body.events.map((e: any) => e.id));
          if (res.body.nextCursor) query = `cursor=${res.body.nextCursor}`;
          else if (seen.length > 0) query = `after=${seen.at(-1)}`;
          if (finished && !res.body.nextCursor && seen.length >= 24) break;
          if (!res.body.nextCursor) await sleep(30);
        }
        const results = await writer;
        const all = await listWhenVisible(ws.ownerKey, 30);
        expect(seen).toEqual(all.slice(6).map((e) => e.id));
        expect(
          all
            .slice(6)
            .map((e) => e.data.messageId)
            .sort(),
        ).toEqual(results.map((r) => r.body.messageId).sort());
      });

      it('after=<event id> lists what came after that event; anything else is a 400 naming after', async () => {
        const { ws, conversation: c } = await freshWorkspace();
        const theirs = await freshWorkspace();
        for (let i = 0; i < 4; i += 1) await sendMessage(ws.ownerKey, c.id, `m${i}`);
        const foreign = await sendMessage(theirs.ws.ownerKey, theirs.conversation.id, 'x');
        const all = await listWhenVisible(ws.ownerKey, 4);
        const after1 = await api.call('GET', `/api/v1/events?after=${all[1].id}`, { key: ws.ownerKey });
        expect(after1.body).toEqual({ events: all.slice(2), nextCursor: null });
        const paged = await api.call('GET', `/api/v1/events?after=${all[0].id}&limit=2`, {
          key: ws.ownerKey,
        });
        expect(paged.body.events).toEqual(all.slice(1, 3));
        const rest = await api.call('GET', `/api/v1/events?cursor=${paged.body.nextCursor}`, {
          key: ws.ownerKey,
        });
        expect(rest.body).toEqual({ events: all.slice(3), nextCursor: null });
        for (const query of [
          `after=${foreign}`,
          'after=evt_doesnotexist',
          'after=later',
          'after=',
          'after=now&order=desc',
          `after=now&cursor=${paged.body.nextCursor}`,
        ]) {
          expectError(
            await api.call('GET', `/api/v1/events?${query}`, { key: ws.ownerKey }),
            400,
            'validation_failed',
            'after',
          );
        }
      });
    });

    describe('what must not hold the feed back', () => {
      it('a transaction held open for 10 s in another database on the server', async () => {
        const other = await createTestDatabase(false);
        try {
          await other.query('BEGIN');
          await other.query('CREATE TABLE batch_job (n int)');
          await other.query('INSERT INTO batch_job VALUES (1)');
          const [{ xid }] = await other.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
          await expectFeedKeepsUp(xid, 10_000);
        } finally {
          await other.query('ROLLBACK').catch(() => undefined);
          await other.drop();
        }
      });

      it('an unrelated transaction held open for 10 s in this database', async () => {
        await api.db.query('CREATE TABLE batch_job (n int)');
        const holder = new Client({ connectionString: api.db.url });
        await holder.connect();
        try {
          await holder.query('BEGIN');
          await holder.query('INSERT INTO batch_job VALUES (1)');
          const [{ xid }] = (await holder.query('SELECT pg_current_xact_id()::text AS xid')).rows;
          await expectFeedKeepsUp(xid, 10_000);
        } finally {
          await holder.query('ROLLBACK').catch(() => undefined);
          await holder.end();
          await api.db.query('DROP TABLE batch_job');
        }
      });

      it('an event whose transaction commits late: listed after the events read meanwhile, never skipped', async () => {
        const { ws, bot: wsBot, conversation: c } = await freshWorkspace();
        const reader = follower(ws.ownerKey);
        const late = new Client({ connectionString: api.db.url });
        await late.connect();
        try {
          await late.query('BEGIN');
          const lateId = newId('event');
          await late.query(
            `INSERT INTO events (id, workspace_id, type, data) VALUES ($1, $2, 'conversation.resolved', $3)`,
            [
              lateId,
              ws.workspaceId,
              JSON.stringify({
                conversationId: c.id,
                botId: wsBot.id,
                sessionId: c.sessionId,
                resolvedAt: new Date().toISOString(),
              }),
            ],
          );
          // written after it, committed before it
          const early = [
            await sendMessage(ws.ownerKey, c.id, 'a'),
            await sendMessage(ws.ownerKey, c.id, 'b'),
          ];
          await reader.until(early, 2_000);
          expect(reader.seen).toEqual(early);
          await late.query('COMMIT');
          const after = await sendMessage(ws.ownerKey, c.id, 'c');
          await reader.until([lateId, after], 2_000);
          expect(reader.seen.slice(0, 2)).toEqual(early);
          expect(reader.seen.slice(2).sort()).toEqual([lateId, after].sort());
          expect((await listAll(ws.ownerKey)).map((e) => e.id)).toEqual(reader.seen);
        } finally {
          await late.query('ROLLBACK').catch(() => undefined);
          await late.end();
        }
      });

      it('an event the relay has locked: later events are listed meanwhile, and it after them once released', async () => {
        const { ws, conversation: c } = await freshWorkspace();
        const reader = follower(ws.ownerKey);
        const locked = await sendMessage(ws.ownerKey, c.id, 'claimed by a relay');
        const [before] = await eventRows('id = $1', [locked]);
        expect(before.position).toBeNull();
        const relay = new Client({ connectionString: api.db.url });
        await relay.connect();
        try {
          // what the relay's claim takes while it turns the event into deliveries
          await relay.query('BEGIN');
          await relay.query('SELECT id FROM events WHERE id = $1 FOR UPDATE', [locked]);
          const next = await sendMessage(ws.ownerKey, c.id, 'next');
          await reader.until([next], 2_000);
          expect(reader.seen).toEqual([next]);
          await relay.query('COMMIT');
          await reader.until([locked], 2_000);
          expect(reader.seen).toEqual([next, locked]);
        } finally {
          await relay.query('ROLLBACK').catch(() => undefined);
          await relay.end();
        }
      });

      it('a read while another sequencer is at work neither waits for it nor numbers events itself', async () => {
        const { ws, conversation: c } = await freshWorkspace();
        const id = await sendMessage(ws.ownerKey, c.id, 'numbered by the other sequencer');
        const other = new Client({ connectionString: api.db.url });
        await other.connect();
        try {
          await other.query('BEGIN');
          await other.query('SELECT pg_advisory_xact_lock($1)', [SEQUENCER_LOCK_KEY]);
          const started = Date.now();
          const res = await api.call('GET', '/api/v1/events', { key: ws.ownerKey });
          expect(Date.now() - started).toBeLessThan(1_000);
          expect(res.status).toBe(200);
          expect(res.body.events).toEqual([]);
          expect((await eventRows('id = $1', [id]))[0].position).toBeNull();
          await other.query('COMMIT');
          expect((await listAll(ws.ownerKey)).map((e) => e.id)).toEqual([id]);
        } finally {
          await other.query('ROLLBACK').catch(() => undefined);
          await other.end();
        }
      });

      it("the worker's relay gives events their place in the feed without any read", async () => {
        const worker = await startTestApi({}, { db: api.db, worker: true });
        try {
          const { ws, conversation: c } = await freshWorkspace();
          const id = await sendMessage(ws.ownerKey, c.id, 'relayed');
          await expect
            .poll(async () => (await eventRows('id = $1', [id]))[0].position, {
              timeout: 5_000,
              interval: 50,
            })
            .not.toBeNull();
        } finally {
          await worker.close();
        }
      });
    });

    it("never shows another workspace's events, even through its cursor", async () => {
      const mine = await freshWorkspace();
      const theirs = await freshWorkspace();
      await action('send-message', mine.ws.ownerKey, { conversationId: mine.conversation.id, message: 'a' });
      await action('send-message', mine.ws.ownerKey, { conversationId: mine.conversation.id, message: 'b' });
      await action('send-message', theirs.ws.ownerKey, {
        conversationId: theirs.conversation.id,
        message: 'c',
      });
      const myEvents = await listWhenVisible(mine.ws.ownerKey, 2);
      const theirEvents = await listWhenVisible(theirs.ws.ownerKey, 1);
      expect(myEvents.every((e) => e.workspaceId === mine.ws.workspaceId)).toBe(true);
      expect(theirEvents.map((e) => e.workspaceId)).toEqual([theirs.ws.workspaceId]);
      const page = await api.call('GET', '/api/v1/events?limit=1', { key: mine.ws.ownerKey });
      const crossed = await api.call('GET', `/api/v1/events?cursor=${page.body.nextCursor}`, {
        key: theirs.ws.ownerKey,
      });
      expect(crossed.status).toBe(200);
      expect(crossed.body.events.every((e: any) => e.workspaceId === theirs.ws.workspaceId)).toBe(true);
      const acmeEvents = await listAll(acme.ownerKey);
      const ids = new Set(acmeEvents.map((e) => e.id));
      for (const e of [...myEvents, ...theirEvents]) expect(ids.has(e.id)).toBe(false);
    });

    it('is readable by a viewer, not without a key', async () => {
      const res = await api.call('GET', '/api/v1/events?limit=100', { key: viewer.key });
      expect(res.status).toBe(200);
      expect(res.body.events.length).toBeGreaterThan(0);
      expect(res.body.events).toEqual(await listAll(acme.ownerKey));
      expectError(await api.call('GET', '/api/v1/events'), 401, 'unauthorized');
    });

    it.each([
      ['type=nope', 'type=nope', 'type'],
      ['type=MESSAGE.SENT', 'type=MESSAGE.SENT', 'type'],
      ['type=message.sent&type=lead.captured', 'type=message.sent&type=lead.captured', 'type'],
      ['since=yesterday', 'since=yesterday', 'since'],
      ['since=2026-13-01T00:00:00Z', 'since=2026-13-01T00:00:00Z', 'since'],
      ['since=1700000000', 'since=1700000000', 'since'],
      ['cursor=not-a-cursor', 'cursor=not-a-cursor', 'cursor'],
      ['a cursor of a non-numeric seq', `cursor=${b64(['12', 'x'])}`, 'cursor'],
      ['a cursor of an object', `cursor=${b64({ txid: '1', seq: '1' })}`, 'cursor'],
      ['a cursor of numbers', `cursor=${b64([1, 1])}`, 'cursor'],
      ['a cursor past the bigint range', `cursor=${b64(['1', '99999999999999999999'])}`, 'cursor'],
      ['a cursor past the xid8 range', `cursor=${b64(['99999999999999999999', '1'])}`, 'cursor'],
      ['a cursor of an event that does not exist', `cursor=${b64(['1', '9223372036854775807'])}`, 'cursor'],
      ['a position past the bigint range', `cursor=${b64(['9223372036854775808'])}`, 'cursor'],
      ['a position that is not a number', `cursor=${b64(['-1'])}`, 'cursor'],
      ['a cursor of three numbers', `cursor=${b64(['1', '1', '1'])}`, 'cursor'],
      ['a cursor of 513 characters', `cursor=${'a'.repeat(513)}`, 'cursor'],
      ['limit=0', 'limit=0', 'limit'],
      ['limit=101', 'limit=101', 'limit'],
      ['limit=abc', 'limit=abc', 'limit'],
      ['workspaceId=ws_x', 'workspaceId=ws_x', 'workspaceId'],
    ])('400 validation_failed for %s', async (_name, query, field) => {
      expectError(
        await api.call('GET', `/api/v1/events?${query}`, { key: agent.key }),
        400,
        'validation_failed',
        field,
      );
    });
  });

  describe('upgrading a database that holds events', () => {
    it('numbers them in the old (txid, seq) order, and cursors handed out before resume where they stood', async () => {
      const db = await createTestDatabase(false);
      let upgraded: TestApi | null = null;
      try {
        const orm = await MikroORM.init(createOrmConfig(db.url, { pool: { min: 0, max: 1 } }));
        try {
          await orm.getMigrator().up({ to: 'Migration20261129211000' });
        } finally {
          await orm.close(true);
        }
        const workspaceId = newId('workspace');
        await db.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Before')`, [workspaceId]);
        const insert = (id: string, txid?: string) =>
          db.query(
            `INSERT INTO events (id, workspace_id, type, data, txid)
             VALUES ($1, $2, 'conversation.resolved', '{}', coalesce($3::xid8, pg_current_xact_id()))`,
            [id, workspaceId, txid ?? null],
          );
        // inserted in this order; a transaction that took its id earlier may have written later
        const txids = ['905', '903', '903', '910', '901', '905'];
        const ids = txids.map(() => newId('event'));
        for (const [i, txid] of txids.entries()) await insert(ids[i], txid);
        const oldOrder = await db.query<{ id: string; txid: string; seq: string }>(
          'SELECT id, txid::text AS txid, seq::text AS seq FROM events ORDER BY txid, seq',
        );
        expect(oldOrder.map((row) => row.id)).toEqual([ids[4], ids[1], ids[2], ids[0], ids[5], ids[3]]);

        await migrateDatabase(db.url);
        const numbered = await db.query(
          'SELECT id, position::text AS position FROM events ORDER BY position',
        );
        expect(numbered).toEqual(oldOrder.map((row, i) => ({ id: row.id, position: String(i + 1) })));

        upgraded = await startTestApi({}, { db });
        const viewer = await upgraded.addMember(workspaceId, 'viewer');
        const list = (cursor?: string) =>
          upgraded!.call('GET', `/api/v1/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
            key: viewer.key,
          });
        expect((await list()).body.events.map((e: any) => e.id)).toEqual(oldOrder.map((row) => row.id));
        for (const [i, row] of oldOrder.entries()) {
          const res = await list(b64([row.txid, row.seq]));
          expect(res.status, res.text).toBe(200);
          expect(res.body.events.map((e: any) => e.id)).toEqual(oldOrder.slice(i + 1).map((r) => r.id));
        }

        // An event written after the upgrade has no place in the old order; its old-style cursor
        // (from a server not upgraded yet) lists again what came after the upgrade, rather than skip.
        const later = [newId('event'), newId('event')];
        for (const id of later) await insert(id);
        const [last] = await db.query<{ txid: string; seq: string }>(
          'SELECT txid::text AS txid, seq::text AS seq FROM events WHERE id = $1',
          [later[1]],
        );
        const repeated = await list(b64([last.txid, last.seq]));
        expect(repeated.body.events.map((e: any) => e.id)).toEqual(later);

        // a cursor of an event that is gone
        await db.query('DELETE FROM events WHERE id = $1', [oldOrder[0].id]);
        expectError(await list(b64([oldOrder[0].txid, oldOrder[0].seq])), 400, 'validation_failed', 'cursor');
      } finally {
        await upgraded?.close();
        await db.drop();
      }
    });
  });
});
