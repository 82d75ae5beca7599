import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/common/http/pagination';
import { newId } from '../../src/common/ids/ids';
import { LISTENER_APPLICATION_NAME, PgNotifications } from '../../src/core/database/pg-notifications';
import { BotsCache } from '../../src/modules/bots/bots-cache';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/** How long a change may take to reach an instance (its notification); the brief allows ~2 s. */
const NOTIFIED_MS = 2_000;

interface BotRow {
  id: string;
  name: string;
  is_active: boolean;
  created_at: Date;
}

/**
 * `GET /bots` answered from each API instance's cache: two instances on one database, changes made
 * in plain SQL on the test's own connection.
 */
describe('GET /api/v1/bots from the per-instance cache', () => {
  let first: TestApi;
  let second: TestApi;
  let acme: SeededWorkspace;
  let other: SeededWorkspace;

  beforeAll(async () => {
    first = await startTestApi();
    second = await startTestApi({}, { db: first.db });
    acme = await first.createWorkspace('Acme');
    other = await first.createWorkspace('Other');
    for (const name of ['Help center bot', 'Sales bot', 'Returns bot'])
      await first.createBot(acme.workspaceId, name);
    for (const name of ['Foreign bot', 'Foreign night bot']) await first.createBot(other.workspaceId, name);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  const instances = () => [first, second];
  const cacheOf = (api: TestApi) => api.app.get(BotsCache);

  async function names(api: TestApi, key: string, limit = 100): Promise<string[]> {
    const res = await api.call('GET', `/api/v1/bots?limit=${limit}`, { key });
    expect(res.status).toBe(200);
    return res.body.bots.map((bot: any) => `${bot.name}${bot.isActive ? '' : ' (inactive)'}`);
  }

  /** What the database holds, as the list shows it. */
  async function expectedNames(workspaceId: string): Promise<string[]> {
    const rows = await first.db.query<BotRow>(
      `SELECT name, is_active FROM bots WHERE workspace_id = $1 ORDER BY created_at, id`,
      [workspaceId],
    );
    return rows.map((row) => `${row.name}${row.is_active ? '' : ' (inactive)'}`);
  }

  /** Lists until the instance holds the workspace's list (its LISTEN connection is up). */
  async function cached(api: TestApi, workspace: SeededWorkspace): Promise<void> {
    await expect
      .poll(
        async () => {
          await names(api, workspace.ownerKey);
          return cacheOf(api).get(workspace.workspaceId) !== undefined;
        },
        { timeout: 5_000 },
      )
      .toBe(true);
  }

  /** The change shows on every instance once its notification has arrived (bounded). */
  async function expectEverywhere(workspace: SeededWorkspace): Promise<void> {
    const expected = await expectedNames(workspace.workspaceId);
    for (const api of instances()) {
      await expect.poll(() => names(api, workspace.ownerKey), { timeout: NOTIFIED_MS }).toEqual(expected);
    }
  }

  it('serves repeated lists from the cache, on one LISTEN connection per API instance', async () => {
    for (const api of instances()) await cached(api, acme);
    // The cache really answers: a change the trigger does not see (replica mode) goes unnoticed.
    const [bot] = await first.db.query<{ id: string; name: string }>(
      `SELECT id, name FROM bots WHERE workspace_id = $1 ORDER BY created_at, id LIMIT 1`,
      [acme.workspaceId],
    );
    await first.db.query(`SET session_replication_role = replica`);
    try {
      await first.db.query(`UPDATE bots SET name = 'Unseen name' WHERE id = $1`, [bot.id]);
    } finally {
      await first.db.query(`SET session_replication_role = DEFAULT`);
    }
    for (const api of instances()) expect((await names(api, acme.ownerKey))[0]).toBe(bot.name);
    // …until a change that notifies.
    await first.db.query(`UPDATE bots SET name = $2 WHERE id = $1`, [bot.id, bot.name]);
    await expectEverywhere(acme);
    // Auth and bots share the connection; the operator contexts (CLI) never open one.
    const [{ count }] = await first.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
      [LISTENER_APPLICATION_NAME],
    );
    expect(count).toBe(2);
  });

  it('shows an insert, a rename, a deactivation and a delete on both instances at once', async () => {
    const id = newId('bot');
    const changes: [string, unknown[]][] = [
      [`INSERT INTO bots (id, workspace_id, name) VALUES ($1, $2, 'Inserted bot')`, [id, acme.workspaceId]],
      [`UPDATE bots SET name = 'Renamed bot' WHERE id = $1`, [id]],
      [`UPDATE bots SET is_active = false WHERE id = $1`, [id]],
      [`DELETE FROM bots WHERE id = $1`, [id]],
    ];
    const seen: string[][] = [];
    for (const [sql, params] of changes) {
      for (const api of instances()) await cached(api, acme);
      await first.db.query(sql, params);
      await expectEverywhere(acme);
      seen.push(await names(second, acme.ownerKey));
    }
    expect(seen.map((list) => list.at(-1))).toEqual([
      'Inserted bot',
      'Renamed bot',
      'Renamed bot (inactive)',
      'Returns bot',
    ]);
  });

  it("never shows another workspace's bots, and follows a bot moved between workspaces", async () => {
    for (const api of instances()) {
      await cached(api, acme);
      await cached(api, other);
      expect(await names(api, acme.ownerKey)).toEqual(await expectedNames(acme.workspaceId));
      expect(await names(api, other.ownerKey)).toEqual(['Foreign bot', 'Foreign night bot']);
      // A cursor from one workspace pages the other's list only.
      const acmePage = await api.call('GET', '/api/v1/bots?limit=1', { key: acme.ownerKey });
      const crossed = await api.call('GET', `/api/v1/bots?cursor=${acmePage.body.nextCursor}`, {
        key: other.ownerKey,
      });
      expect(crossed.body.bots.map((bot: any) => bot.name)).toEqual(['Foreign bot', 'Foreign night bot']);
    }
    // A change in one workspace leaves the other's list cached.
    await first.db.query(
      `UPDATE bots SET name = 'Sales bot' WHERE workspace_id = $1 AND name = 'Sales bot'`,
      [acme.workspaceId],
    );
    await expectEverywhere(acme);
    for (const api of instances()) expect(cacheOf(api).get(other.workspaceId)).toBeDefined();
    // Moving a bot notifies both workspaces.
    await first.db.query(`UPDATE bots SET workspace_id = $1 WHERE name = 'Foreign night bot'`, [
      acme.workspaceId,
    ]);
    await expectEverywhere(acme);
    await expectEverywhere(other);
    expect(await names(second, other.ownerKey)).toEqual(['Foreign bot']);
    await first.db.query(`UPDATE bots SET workspace_id = $1 WHERE name = 'Foreign night bot'`, [
      other.workspaceId,
    ]);
    await expectEverywhere(acme);
    await expectEverywhere(other);
  });

  it('while the LISTEN connection is down, nothing is served from the cache', async () => {
    const notifications = first.app.get(PgNotifications);
    for (const api of instances()) await cached(api, acme);
    const terminated = await first.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1`,
      [LISTENER_APPLICATION_NAME],
    );
    expect(terminated).toHaveLength(2);
    // The instance notices at once; it reconnects a second later.
    await expect.poll(() => notifications.listening, { timeout: 1_000, interval: 5 }).toBe(false);
    expect(cacheOf(first).get(acme.workspaceId)).toBeUndefined();
    // No notification can arrive now: the change shows because the list is read from the database.
    await first.db.query(`UPDATE bots SET name = 'Renamed while deaf' WHERE name = 'Help center bot'`);
    expect(await names(first, acme.ownerKey)).toEqual(await expectedNames(acme.workspaceId));
    await first.db.query(
      `UPDATE bots SET name = 'Renamed again while deaf' WHERE name = 'Renamed while deaf'`,
    );
    expect(await names(first, acme.ownerKey)).toContain('Renamed again while deaf');
    expect(notifications.listening).toBe(false); // all of it within the second before reconnecting
    // Back up: cached again, and notified again.
    await expect.poll(() => notifications.listening, { timeout: 5_000 }).toBe(true);
    for (const api of instances()) await cached(api, acme);
    expect(await names(second, acme.ownerKey)).toContain('Renamed again while deaf');
    await first.db.query(`UPDATE bots SET name = 'Help center bot' WHERE name = 'Renamed again while deaf'`);
    await expectEverywhere(acme);
  });

  describe('pages from the cache are the keyset query pages', () => {
    let paged: SeededWorkspace;
    const ids: string[] = [];

    beforeAll(async () => {
      paged = await first.createWorkspace('Paged');
      // Several bots in one millisecond, ids of mixed case (API and CLI times have milliseconds).
      await insertBots(
        [
          '2026-01-01T00:00:00.123Z',
          '2026-01-01T00:00:00.123Z',
          '2026-01-01T00:00:00.124Z',
          '2026-01-02T10:00:00.001Z',
        ],
        ids,
      );
      for (let i = 0; i < 6; i += 1) ids.push((await first.createBot(paged.workspaceId, `API bot ${i}`)).id);
    });

    /** Three bots (ids of mixed case) at each time. */
    async function insertBots(times: string[], into: string[]): Promise<void> {
      for (const [index, time] of times.entries()) {
        for (const suffix of ['a', 'B', 'z0']) {
          const id = `bot_${suffix}${String(index).padStart(2, '0')}${newId('bot').slice(4, 10)}`;
          into.push(id);
          await first.db.query(
            `INSERT INTO bots (id, workspace_id, name, is_active, created_at) VALUES ($1, $2, $3, $4, $5)`,
            [id, paged.workspaceId, `Bot ${id}`, index % 2 === 0, time],
          );
        }
      }
    }

    /** The page as the keyset query reads it, straight from the database. */
    async function sqlPage(limit: number, cursor?: { createdAt: string; id: string }) {
      const rows = await first.db.query<BotRow>(
        `SELECT id, name, is_active, created_at FROM bots
          WHERE workspace_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3))
          ORDER BY created_at, id LIMIT $4`,
        [paged.workspaceId, cursor?.createdAt ?? null, cursor?.id ?? null, limit + 1],
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        bots: items.map((row) => ({
          id: row.id,
          name: row.name,
          isActive: row.is_active,
          createdAt: new Date(row.created_at).toISOString(),
        })),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ createdAt: new Date(last.created_at), id: last.id })
            : null,
      };
    }

    function decoded(cursor: string): { createdAt: string; id: string } {
      const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      return { createdAt, id };
    }

    it('walks every page alike, for several limits', async () => {
      await cached(first, paged);
      const all = (await sqlPage(100)).bots.map((bot) => bot.id);
      expect([...all].sort()).toEqual([...ids].sort());
      for (const limit of [1, 2, 3, 4, 7, 10, 100]) {
        let cursor: string | null = null;
        let pages = 0;
        const seen: string[] = [];
        do {
          const res: any = await first.call(
            'GET',
            `/api/v1/bots?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
            { key: paged.ownerKey },
          );
          expect(res.status).toBe(200);
          expect(res.body).toEqual(await sqlPage(limit, cursor ? decoded(cursor) : undefined));
          seen.push(...res.body.bots.map((bot: any) => bot.id));
          cursor = res.body.nextCursor;
          pages += 1;
        } while (cursor && pages < 100);
        expect(seen).toEqual(all);
      }
      expect(cacheOf(first).get(paged.workspaceId)).toHaveLength(ids.length);
    });

    it('places any cursor alike: known ids, unknown ids, times between bots, microseconds', async () => {
      // Times with microseconds (plain SQL's now()), some in the very microsecond of a cursor.
      await insertBots(
        ['2026-01-01T00:00:00.123400Z', '2026-01-01T00:00:00.123999Z', '2026-01-02T10:00:00.000001Z'],
        ids,
      );
      await expect
        .poll(
          async () => (await first.call('GET', '/api/v1/bots', { key: paged.ownerKey })).body.bots.length,
          {
            timeout: NOTIFIED_MS,
          },
        )
        .toBe(ids.length);
      await cached(first, paged);
      const bots = (await sqlPage(100)).bots;
      const cursors = [
        ...bots.map((bot) => ({ createdAt: bot.createdAt, id: bot.id })),
        ...bots.map((bot) => ({ createdAt: bot.createdAt, id: 'bot_M' })),
        ...bots.map((bot) => ({ createdAt: bot.createdAt, id: '' })),
        ...bots.map((bot) => ({
          createdAt: new Date(Date.parse(bot.createdAt) + 1).toISOString(),
          id: bot.id,
        })),
        ...bots.map((bot) => ({
          createdAt: new Date(Date.parse(bot.createdAt) - 1).toISOString(),
          id: 'bot_zzz',
        })),
        { createdAt: '2000-01-01T00:00:00.000Z', id: 'bot_x' },
        { createdAt: '2100-01-01T00:00:00.000Z', id: 'bot_x' },
      ];
      for (const position of cursors) {
        const cursor = encodeCursor({ createdAt: new Date(position.createdAt), id: position.id });
        for (const limit of [1, 3]) {
          const res = await first.call('GET', `/api/v1/bots?limit=${limit}&cursor=${cursor}`, {
            key: paged.ownerKey,
          });
          expect({ position, body: res.body }).toEqual({ position, body: await sqlPage(limit, position) });
        }
      }
      expect(cacheOf(first).get(paged.workspaceId)).toHaveLength(ids.length);
    });

    it('answers a cursor it did not hand out with the same 400', async () => {
      for (const cursor of ['not-a-cursor', Buffer.from('["yesterday","bot_1"]').toString('base64url')]) {
        const res = await first.call('GET', `/api/v1/bots?cursor=${cursor}`, { key: paged.ownerKey });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
    });
  });

  it('keeps the keyset query for a workspace of more than 1,000 bots', async () => {
    const big = await first.createWorkspace('Big');
    await first.db.query(
      `INSERT INTO bots (id, workspace_id, name, created_at)
       SELECT 'bot_big' || lpad(n::text, 5, '0'), $1, 'Bot ' || n, timestamptz '2026-01-01' + n * interval '1 ms'
         FROM generate_series(1, 1001) AS n`,
      [big.workspaceId],
    );
    await cached(first, big);
    expect(cacheOf(first).get(big.workspaceId)).toBeNull();
    const page = await first.call('GET', '/api/v1/bots?limit=2', { key: big.ownerKey });
    expect(page.body.bots.map((bot: any) => bot.name)).toEqual(['Bot 1', 'Bot 2']);
    const next = await first.call('GET', `/api/v1/bots?limit=2&cursor=${page.body.nextCursor}`, {
      key: big.ownerKey,
    });
    expect(next.body.bots.map((bot: any) => bot.name)).toEqual(['Bot 3', 'Bot 4']);
    // Down to 1,000: cached again.
    await first.db.query(`DELETE FROM bots WHERE id = 'bot_big00001'`);
    await expect
      .poll(
        async () => {
          await names(first, big.ownerKey);
          return cacheOf(first).get(big.workspaceId)?.length;
        },
        { timeout: NOTIFIED_MS },
      )
      .toBe(1_000);
    expect((await first.call('GET', '/api/v1/bots?limit=1', { key: big.ownerKey })).body.bots[0].name).toBe(
      'Bot 2',
    );
  });
});
