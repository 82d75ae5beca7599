import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';
import { expectError } from '../support/expect';

describe('GET /api/v1/bots', () => {
  let api: TestApi;
  let acme: SeededWorkspace;
  let other: SeededWorkspace;
  const acmeBots: string[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    acme = await api.createWorkspace('Acme');
    other = await api.createWorkspace('Other');
    for (const name of ['Help center bot', 'Sales bot', 'Returns bot', 'Billing bot', 'Night shift bot']) {
      acmeBots.push((await api.createBot(acme.workspaceId, name)).id);
    }
    await api.createBot(other.workspaceId, 'Foreign bot');
  });
  afterAll(async () => {
    await api.close();
  });

  it("lists the workspace's bots, oldest first, in the documented shape", async () => {
    const res = await api.call('GET', '/api/v1/bots', { key: acme.ownerKey });
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.bots.map((b: any) => b.id)).toEqual(acmeBots);
    expect(res.body.bots[0]).toEqual({
      id: acmeBots[0],
      name: 'Help center bot',
      isActive: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(res.text).not.toContain('Foreign bot');
  });

  it('is readable by every role', async () => {
    const viewer = await api.addMember(acme.workspaceId, 'viewer');
    const res = await api.call('GET', '/api/v1/bots', { key: viewer.key });
    expect(res.status).toBe(200);
    expect(res.body.bots).toHaveLength(5);
  });

  it('pages with limit and cursor, without gaps or duplicates', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await api.call('GET', `/api/v1/bots?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        key: acme.ownerKey,
      });
      expect(res.status).toBe(200);
      seen.push(...res.body.bots.map((b: any) => b.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(acmeBots);
  });

  it('pages bots inserted by plain SQL with the default now() (microsecond clock) without repeats', async () => {
    const plain = await api.createWorkspace('Plain SQL');
    // One statement: every row gets the same now(); the keyset then rests on the ids alone.
    await api.db.query(
      `INSERT INTO bots (id, workspace_id, name)
       SELECT 'bot_plain' || n, $1, 'Plain ' || n FROM generate_series(1, 7) AS n`,
      [plain.workspaceId],
    );
    await api.db.query(
      `INSERT INTO bots (id, workspace_id, name) SELECT 'bot_later' || n, $1, 'Later ' || n FROM generate_series(1, 3) AS n`,
      [plain.workspaceId],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await api.call('GET', `/api/v1/bots?limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
        key: plain.ownerKey,
      });
      expect(res.status).toBe(200);
      seen.push(...res.body.bots.map((b: any) => b.id));
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 50);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it("a cursor is the page's last `[createdAt, id]`, as base64url JSON", async () => {
    const page = await api.call('GET', '/api/v1/bots?limit=2', { key: acme.ownerKey });
    const last = page.body.bots[1];
    expect(page.body.nextCursor).toBe(
      Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url'),
    );
  });

  it.each([
    ['a time other than the API writes', ['2026-03-14', 'bot_a']],
    ['a time in month 13', ['2026-13-01T00:00:00.000Z', 'bot_a']],
    ['an id with a NUL', ['2026-03-14T09:00:00.000Z', 'bot_\u0000']],
    ['a third value', ['2026-03-14T09:00:00.000Z', 'bot_a', 'asc']],
  ])('400 naming cursor for a cursor with %s', async (_name, values) => {
    const cursor = Buffer.from(JSON.stringify(values)).toString('base64url');
    const res = await api.call('GET', `/api/v1/bots?cursor=${cursor}`, { key: acme.ownerKey });
    expectError(res, 400, 'validation_failed', 'cursor');
  });

  it("a cursor from one workspace does not reveal another workspace's bots", async () => {
    const acmePage = await api.call('GET', '/api/v1/bots?limit=1', { key: acme.ownerKey });
    const crossed = await api.call('GET', `/api/v1/bots?cursor=${acmePage.body.nextCursor}`, {
      key: other.ownerKey,
    });
    expect(crossed.status).toBe(200);
    expect(crossed.body.bots.map((b: any) => b.name)).toEqual(['Foreign bot']);
  });

  it('401 without a key', async () => {
    expect((await api.call('GET', '/api/v1/bots')).status).toBe(401);
  });

  it('an empty workspace has an empty list', async () => {
    const empty = await api.createWorkspace('Empty');
    const res = await api.call('GET', '/api/v1/bots', { key: empty.ownerKey });
    expect(res.body).toEqual({ bots: [], nextCursor: null });
  });
});
