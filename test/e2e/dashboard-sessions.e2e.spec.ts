import { createHash } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { parseSetCookie } from 'cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/ids/ids';
import { createOrmConfig } from '../../src/core/database/mikro-orm.config';
import { migrateDatabase } from '../../src/core/database/migrate';
import { createTestDatabase } from '../support/database';
import { expectError, until } from '../support/expect';
import type { ApiResponse, CallOptions } from '../support/http';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Session {
  cookie: string;
  token: string;
  csrf: string;
  id: string;
}

describe('dashboard sign-in and sessions', () => {
  let api: TestApi;
  let acme: SeededWorkspace;
  let conversationId: string;
  const agentEmail = 'agent.sam@acme.example';
  const viewerEmail = 'viewer.vic@acme.example';
  const adminEmail = 'admin.ada@acme.example';
  let agent: { memberId: string; key: string; keyId: string };
  let adminMemberId: string;

  /** A request with the session's cookie (and, with `csrf`, its CSRF header). */
  const asSession = (
    session: Pick<Session, 'cookie'> & { csrf?: string },
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<ApiResponse> =>
    api.call(method, path, {
      ...options,
      headers: {
        cookie: session.cookie,
        ...(session.csrf === undefined ? {} : { 'x-csrf-token': session.csrf }),
        ...options.headers,
      },
    });

  const signIn = async (email: string): Promise<Session> => {
    const link = await api.loginLink(acme.workspaceId, email);
    const res = await api.call('POST', '/api/v1/auth/session', { body: { token: link.token } });
    expect(res.status, res.text).toBe(201);
    const cookie = parseSetCookie(res.headers.get('set-cookie') ?? '');
    return {
      cookie: `${cookie.name}=${cookie.value}`,
      token: cookie.value as string,
      csrf: res.body.session.csrfToken,
      id: res.body.session.id,
    };
  };

  beforeAll(async () => {
    api = await startTestApi();
    acme = await api.createWorkspace('Acme Support');
    agent = await api.addMember(acme.workspaceId, 'agent', agentEmail);
    await api.addMember(acme.workspaceId, 'viewer', viewerEmail);
    adminMemberId = (await api.addMember(acme.workspaceId, 'admin', adminEmail)).memberId;
    const bot = await api.createBot(acme.workspaceId, 'Helper');
    conversationId = (await api.createConversation(acme.workspaceId, bot.id, { messages: 1 })).id;
  });
  afterAll(async () => {
    await api.close();
  });

  it('signs in from a login link, acts through the API with CSRF, stamps writes and signs out', async () => {
    const link = await api.loginLink(acme.workspaceId, agentEmail.toUpperCase());
    expect(link.url).toMatch(
      new RegExp(`^${api.config.publicUrl}/dashboard/sign-in#token=nhx_ll_[0-9A-Za-z]{40}$`),
    );
    expect(api.config.publicUrl).toBe(`http://localhost:${api.config.port}`);
    const validFor = Date.parse(link.expiresAt) - Date.now();
    expect(validFor).toBeGreaterThan(14 * 60_000);
    expect(validFor).toBeLessThanOrEqual(15 * 60_000);

    const signedIn = await api.call('POST', '/api/v1/auth/session', { body: { token: link.token } });
    expect(signedIn.status, signedIn.text).toBe(201);
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    const setCookie = signedIn.headers.get('set-cookie') ?? '';
    const cookie = parseSetCookie(setCookie);
    // Every attribute: plain-HTTP localhost, so no Secure (and no __Host- prefix, which needs it).
    expect(cookie).toEqual({
      name: 'nhx_session',
      value: expect.stringMatching(/^nhx_ds_[0-9A-Za-z]{40}$/),
      maxAge: 7 * 86_400,
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
    });
    expect(setCookie).not.toMatch(/Domain|Secure|Expires/i);
    expect(signedIn.body).toEqual({
      workspace: { id: acme.workspaceId, name: 'Acme Support' },
      member: { id: agent.memberId, email: agentEmail, name: null, role: 'agent' },
      via: 'session',
      key: null,
      session: {
        id: expect.stringMatching(/^dss_/),
        createdAt: expect.any(String),
        idleExpiresAt: expect.any(String),
        expiresAt: expect.any(String),
        csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      },
    });
    const { session } = signedIn.body;
    expect(Date.parse(session.idleExpiresAt) - Date.parse(session.createdAt)).toBe(12 * 3_600_000);
    expect(Date.parse(session.expiresAt) - Date.parse(session.createdAt)).toBe(7 * 86_400_000);
    const me = { cookie: `nhx_session=${cookie.value}`, csrf: session.csrfToken as string };

    const who = await asSession({ cookie: me.cookie }, 'GET', '/api/v1/auth/me');
    expect(who.status).toBe(200);
    expect(who.body).toEqual(signedIn.body);
    // the session is limited like a key, under its own window
    expect(who.headers.get('ratelimit-policy')).toBe('"default";q=1000000;w=60');

    const send = { body: { conversationId, message: 'Sam from the team here.' } };
    expectError(
      await asSession({ cookie: me.cookie }, 'POST', '/api/v1/actions/send-message', send),
      403,
      'csrf_token_invalid',
    );
    expectError(
      await asSession(
        { cookie: me.cookie, csrf: `${me.csrf.slice(0, -2)}xx` },
        'POST',
        '/api/v1/actions/send-message',
        send,
      ),
      403,
      'csrf_token_invalid',
    );
    const sent = await asSession(me, 'POST', '/api/v1/actions/send-message', send);
    expect(sent.status, sent.text).toBe(201);
    expect(sent.body).toMatchObject({ conversationId, channel: 'dashboard', handler: 'team' });

    const thread = await api.call('GET', `/api/v1/conversations/${conversationId}`, { key: acme.ownerKey });
    expect(thread.body.messages.at(-1)).toMatchObject({
      id: sent.body.messageId,
      author: 'team',
      channel: 'dashboard',
      text: 'Sam from the team here.',
      apiKeyId: null,
      memberId: agent.memberId,
    });
    let event: { data: Record<string, unknown> } | undefined;
    await until(async () => {
      const events = await api.call('GET', '/api/v1/events?type=message.sent&limit=100', {
        key: acme.ownerKey,
      });
      event = events.body.events.find(
        (e: { data: { messageId: string } }) => e.data.messageId === sent.body.messageId,
      );
      return event !== undefined;
    }, 'the message.sent event');
    expect(event?.data).toMatchObject({ messageId: sent.body.messageId, channel: 'dashboard' });

    const lead = await asSession(me, 'POST', '/api/v1/actions/create-lead', {
      body: { conversationId, capturedFields: { email: 'dana@example.com' } },
    });
    expect(lead.status, lead.text).toBe(201);
    const [leadRow] = await api.db.query('SELECT source, api_key_id, member_id FROM leads WHERE id = $1', [
      lead.body.leadId,
    ]);
    expect(leadRow).toEqual({ source: 'dashboard', api_key_id: null, member_id: agent.memberId });

    // A bearer key needs no CSRF token, and stamps the key as before.
    const byKey = await api.call('POST', '/api/v1/actions/send-message', {
      key: agent.key,
      body: { conversationId, message: 'From an integration.' },
    });
    expect(byKey.status).toBe(201);
    expect(byKey.body.channel).toBe('api');

    const out = await asSession({ cookie: me.cookie }, 'DELETE', '/api/v1/auth/session');
    expectError(out, 403, 'csrf_token_invalid');
    const signedOut = await asSession(me, 'DELETE', '/api/v1/auth/session');
    expect(signedOut.status).toBe(204);
    expect(parseSetCookie(signedOut.headers.get('set-cookie') ?? '')).toMatchObject({
      name: 'nhx_session',
      value: '',
      maxAge: 0,
    });
    const after = await asSession({ cookie: me.cookie }, 'GET', '/api/v1/auth/me');
    expectError(after, 401, 'unauthorized');
    expect(after.body.error.message).toMatch(/dashboard session has ended/);
    expectError(await asSession(me, 'POST', '/api/v1/actions/send-message', send), 401, 'unauthorized');
  });

  it('uses a link once, refuses an expired or unknown one, and stores only hashes', async () => {
    const link = await api.loginLink(acme.workspaceId, viewerEmail);
    const first = await api.call('POST', '/api/v1/auth/session', { body: { token: link.token } });
    expect(first.status).toBe(201);
    expectError(await api.call('POST', '/api/v1/auth/session', { body: { token: link.token } }), 410, 'gone');

    const late = await api.loginLink(acme.workspaceId, viewerEmail);
    await api.db.query(
      `UPDATE dashboard_login_links SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [sha256(late.token)],
    );
    const expired = await api.call('POST', '/api/v1/auth/session', { body: { token: late.token } });
    expectError(expired, 410, 'gone');
    expect(expired.body.error.message).toMatch(/expired/);

    expectError(
      await api.call('POST', '/api/v1/auth/session', { body: { token: `nhx_ll_${'a'.repeat(40)}` } }),
      401,
      'unauthorized',
    );
    expectError(
      await api.call('POST', '/api/v1/auth/session', { body: { token: 'nope' } }),
      401,
      'unauthorized',
    );
    expectError(
      await api.call('POST', '/api/v1/auth/session', { body: {} }),
      400,
      'validation_failed',
      'token',
    );

    // The tables hold SHA-256 hashes, never the link's or the cookie's token.
    const sessionToken = parseSetCookie(first.headers.get('set-cookie') ?? '').value as string;
    const links = await api.db.query('SELECT * FROM dashboard_login_links WHERE token_hash = $1', [
      sha256(link.token),
    ]);
    expect(links).toHaveLength(1);
    expect(links[0].used_at).not.toBeNull();
    const sessions = await api.db.query('SELECT * FROM dashboard_sessions WHERE token_hash = $1', [
      sha256(sessionToken),
    ]);
    expect(sessions).toHaveLength(1);
    const everything = JSON.stringify(
      await api.db.query(
        `SELECT (SELECT json_agg(l) FROM dashboard_login_links l) AS links, (SELECT json_agg(s) FROM dashboard_sessions s) AS sessions`,
      ),
    );
    expect(everything).not.toContain(link.token);
    expect(everything).not.toContain(sessionToken);
    expect(everything).not.toContain(first.body.session.csrfToken);
  });

  it('ends a session 12 hours after its last request and 7 days after sign-in, and renews it in between', async () => {
    const idle = await signIn(agentEmail);
    await api.db.query(
      `UPDATE dashboard_sessions SET last_seen_at = now() - interval '11 hours 59 minutes' WHERE id = $1`,
      [idle.id],
    );
    expect((await asSession(idle, 'GET', '/api/v1/auth/me')).status).toBe(200);
    // that request renewed it (the write is off the request's path)
    await until(async () => {
      const [row] = await api.db.query(
        `SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM dashboard_sessions WHERE id = $1`,
        [idle.id],
      );
      return row.fresh === true;
    }, 'the session to be renewed');
    await api.db.query(
      `UPDATE dashboard_sessions SET last_seen_at = now() - interval '12 hours 1 second' WHERE id = $1`,
      [idle.id],
    );
    expectError(await asSession(idle, 'GET', '/api/v1/auth/me'), 401, 'unauthorized');

    const old = await signIn(agentEmail);
    await api.db.query(
      `UPDATE dashboard_sessions SET created_at = now() - interval '7 days 1 second', last_seen_at = now() WHERE id = $1`,
      [old.id],
    );
    expectError(await asSession(old, 'GET', '/api/v1/auth/me'), 401, 'unauthorized');
  });

  it("acts with its member's role: a viewer is refused admin routes, an admin cannot mint an owner key", async () => {
    const viewer = await signIn(viewerEmail);
    expectError(await asSession(viewer, 'GET', '/api/v1/hooks'), 403, 'insufficient_role');
    expectError(
      await asSession(viewer, 'POST', '/api/v1/auth/keys', { body: { name: 'mine' } }),
      403,
      'insufficient_role',
    );
    expect((await asSession(viewer, 'GET', '/api/v1/bots')).status).toBe(200);

    // A deferred key made by the CLI has no creating key; a viewer's session is not its creator.
    const [viewerRow] = await api.db.query('SELECT id FROM members WHERE email = $1', [viewerEmail]);
    const deferred = await api.issueKey(viewerRow.id as string, true);
    expectError(
      await asSession(viewer, 'POST', `/api/v1/auth/keys/${deferred.id}/reveal`),
      403,
      'insufficient_role',
    );

    const admin = await signIn(adminEmail);
    expectError(
      await asSession(admin, 'POST', '/api/v1/auth/keys', {
        body: { name: 'too strong', memberId: acme.ownerMemberId },
      }),
      403,
      'insufficient_role',
    );
    const own = await asSession(admin, 'POST', '/api/v1/auth/keys', { body: { name: 'from the dashboard' } });
    expect(own.status, own.text).toBe(201);
    // No creating key, but the member who created it from the dashboard.
    expect(own.body).toMatchObject({ role: 'admin', createdByKeyId: null, createdByMemberId: adminMemberId });
    const listed = await asSession(admin, 'GET', `/api/v1/auth/keys/${own.body.id}`);
    expect(listed.body.createdByMemberId).toBe(adminMemberId);
    // The CLI's keys name no creator at all.
    const cliKey = await asSession(admin, 'GET', `/api/v1/auth/keys/${deferred.id}`);
    expect(cliKey.body).toMatchObject({ createdByKeyId: null, createdByMemberId: null });
    expect((await api.call('GET', '/api/v1/auth/me', { key: own.body.key })).status).toBe(200);

    // A key signs nothing out.
    expectError(await api.call('DELETE', '/api/v1/auth/session', { key: own.body.key }), 403, 'forbidden');
  });

  it('prefers the Authorization header: a bad key is 401 even with a valid cookie', async () => {
    const session = await signIn(agentEmail);
    const res = await asSession(session, 'GET', '/api/v1/auth/me', {
      headers: { authorization: `Bearer nhx_sk_${'x'.repeat(38)}` },
    });
    expectError(res, 401, 'unauthorized');
    expect(res.body.error.message).toMatch(/API key/);
  });

  it('never lets another origin use the cookie: no Access-Control-Allow-Credentials', async () => {
    const session = await signIn(agentEmail);
    const cross = await asSession(session, 'GET', '/api/v1/auth/me', {
      headers: { origin: 'https://evil.example' },
    });
    expect(cross.headers.get('access-control-allow-origin')).toBe('*');
    expect(cross.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await api.call('OPTIONS', '/api/v1/actions/send-message', {
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-csrf-token',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers') ?? '').not.toMatch(/x-csrf-token/i);
  });
});

describe('dashboard sessions behind HTTPS', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ NHX_PUBLIC_URL: 'https://support.acme.example' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('sets a Secure __Host- cookie and reads only that one', async () => {
    const acme = await api.createWorkspace();
    const email = 'sam@acme.example';
    await api.addMember(acme.workspaceId, 'agent', email);
    const link = await api.loginLink(acme.workspaceId, email);
    expect(link.url.startsWith('https://support.acme.example/dashboard/sign-in#token=nhx_ll_')).toBe(true);
    const res = await api.call('POST', '/api/v1/auth/session', { body: { token: link.token } });
    expect(res.status).toBe(201);
    const cookie = parseSetCookie(res.headers.get('set-cookie') ?? '');
    expect(cookie).toEqual({
      name: '__Host-nhx_session',
      value: expect.stringMatching(/^nhx_ds_/),
      maxAge: 7 * 86_400,
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
    });
    const ok = await api.call('GET', '/api/v1/auth/me', {
      headers: { cookie: `__Host-nhx_session=${cookie.value}` },
    });
    expect(ok.status).toBe(200);
    const unprefixed = await api.call('GET', '/api/v1/auth/me', {
      headers: { cookie: `nhx_session=${cookie.value}` },
    });
    expectError(unprefixed, 401, 'unauthorized');
  });

  describe('upgrading a database that holds keys', () => {
    it("names as creator the member of the key that created each key, and nobody for the CLI's", async () => {
      const db = await createTestDatabase(false);
      try {
        const orm = await MikroORM.init(createOrmConfig(db.url, { pool: { min: 0, max: 1 } }));
        try {
          await orm.getMigrator().up({ to: 'Migration20261201040834' });
        } finally {
          await orm.close(true);
        }
        const [workspaceId, ownerId, adminId] = [newId('workspace'), newId('member'), newId('member')];
        const [cliKey, byKey] = [newId('apiKey'), newId('apiKey')];
        await db.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Before')`, [workspaceId]);
        await db.query(
          `INSERT INTO members (id, workspace_id, email, role) VALUES ($1, $3, 'o@x.example', 'owner'), ($2, $3, 'a@x.example', 'admin')`,
          [ownerId, adminId, workspaceId],
        );
        const insertKey = (id: string, memberId: string, createdBy: string | null) =>
          db.query(
            `INSERT INTO api_keys (id, workspace_id, member_id, name, prefix, key_hash, created_by_key_id)
             VALUES ($1, $2, $3, 'before', 'nhx_sk_abcd', $4, $5)`,
            [id, workspaceId, memberId, id.padEnd(64, '0'), createdBy],
          );
        await insertKey(cliKey, ownerId, null);
        await insertKey(byKey, adminId, cliKey);

        await migrateDatabase(db.url);
        const rows = await db.query('SELECT id, created_by_member_id FROM api_keys ORDER BY created_at, id');
        expect(new Map(rows.map((row) => [row.id, row.created_by_member_id]))).toEqual(
          new Map([
            [cliKey, null],
            [byKey, ownerId],
          ]),
        );
      } finally {
        await db.drop();
      }
    });
  });
});
