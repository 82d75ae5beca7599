import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { AppModule } from '../../src/app.module';
import { createHttpApp } from '../../src/core/http/create-http-app';
import { ApiKeyCache } from '../../src/modules/auth/api-key-cache';
import { generateApiKey, hashApiKey } from '../../src/modules/auth/api-key-format';
import { httpClient } from '../support/http';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/** The error body without its per-request id, to compare two errors byte for byte. */
function withoutRequestId(body: any): any {
  return { ...body, error: { ...body.error, requestId: undefined } };
}

describe('authentication and API keys', () => {
  let api: TestApi;
  let acme: SeededWorkspace;
  let other: SeededWorkspace;
  let admin: { memberId: string; key: string; keyId: string };
  let agent: { memberId: string; key: string; keyId: string };
  let viewer: { memberId: string; key: string; keyId: string };

  beforeAll(async () => {
    api = await startTestApi();
    acme = await api.createWorkspace('Acme Support');
    other = await api.createWorkspace('Other Co');
    admin = await api.addMember(acme.workspaceId, 'admin');
    agent = await api.addMember(acme.workspaceId, 'agent');
    viewer = await api.addMember(acme.workspaceId, 'viewer');
  });
  afterAll(async () => {
    await api.close();
  });

  describe('GET /api/v1/auth/me', () => {
    it('returns the workspace, member and key behind the key', async () => {
      const res = await api.call('GET', '/api/v1/auth/me', { key: acme.ownerKey });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        workspace: { id: acme.workspaceId, name: 'Acme Support' },
        member: {
          id: acme.ownerMemberId,
          email: expect.stringMatching(/@acme\.example$/),
          name: null,
          role: 'owner',
        },
        via: 'api_key',
        key: {
          id: acme.ownerKeyId,
          name: 'Owner key',
          prefix: acme.ownerKey.slice(0, 11),
          role: 'owner',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          lastUsedAt: expect.any(String),
        },
        session: null,
      });
      expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9A-Za-z]{22}$/);
    });

    it('answers with the role of each member', async () => {
      for (const [key, role] of [
        [admin.key, 'admin'],
        [agent.key, 'agent'],
        [viewer.key, 'viewer'],
      ]) {
        const res = await api.call('GET', '/api/v1/auth/me', { key });
        expect(res.status).toBe(200);
        expect(res.body.key.role).toBe(role);
      }
    });

    const unauthorizedCases: [string, () => Record<string, string>][] = [
      ['no Authorization header', () => ({})],
      ['an empty bearer token', () => ({ authorization: 'Bearer ' })],
      ['another scheme', () => ({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })],
      ['garbage', () => ({ authorization: 'Bearer hello-world' })],
      ['a key without the prefix', () => ({ authorization: `Bearer ${acme.ownerKey.slice(7)}` })],
      ['a truncated key', () => ({ authorization: `Bearer ${acme.ownerKey.slice(0, -1)}` })],
      [
        'a key with a bad checksum',
        () => {
          const last = acme.ownerKey.at(-1) === 'a' ? 'b' : 'a';
          return { authorization: `Bearer ${acme.ownerKey.slice(0, -1)}${last}` };
        },
      ],
      [
        'a well-formed key that was never issued',
        () => ({ authorization: `Bearer ${generateApiKey().key}` }),
      ],
      ['the key in lower case', () => ({ authorization: `Bearer ${acme.ownerKey.toLowerCase()}` })],
    ];
    it.each(unauthorizedCases)('401 for %s, in the error envelope', async (_name, headers) => {
      const res = await api.call('GET', '/api/v1/auth/me', { headers: headers() });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="nebulahex"');
      expect(res.body).toEqual({
        error: {
          code: 'unauthorized',
          message: expect.any(String),
          requestId: res.headers.get('x-request-id'),
          details: [],
        },
      });
    });

    it('does not accept the key in the query string or body', async () => {
      const query = await api.call('GET', `/api/v1/auth/me?access_token=${acme.ownerKey}`);
      expect(query.status).toBe(401);
      const body = await api.call('POST', '/api/v1/auth/keys', {
        body: { name: 'x', access_token: acme.ownerKey },
      });
      expect(body.status).toBe(401);
    });

    it('records lastUsedAt without writing on every request', async () => {
      const member = await api.addMember(acme.workspaceId, 'viewer');
      const [before] = await api.db.query<{ last_used_at: Date | null }>(
        'SELECT last_used_at FROM api_keys WHERE id = $1',
        [member.keyId],
      );
      expect(before.last_used_at).toBeNull();
      await api.call('GET', '/api/v1/auth/me', { key: member.key });
      const readLastUsed = async () =>
        (
          await api.db.query<{ last_used_at: Date | null }>(
            'SELECT last_used_at FROM api_keys WHERE id = $1',
            [member.keyId],
          )
        )[0].last_used_at;
      await expect.poll(readLastUsed, { timeout: 5_000 }).not.toBeNull();
      const first = await readLastUsed();
      for (let i = 0; i < 5; i += 1) await api.call('GET', '/api/v1/auth/me', { key: member.key });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await readLastUsed())?.getTime()).toBe(first?.getTime());
      // once the recorded use is older than the resolution, the next request records again
      await api.db.query(`UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [
        member.keyId,
      ]);
      const stale = await readLastUsed();
      // The instance learns of the change through its LISTEN connection, asynchronously: until
      // then its cached copy still says "used just now", so ask again until a request records it.
      await expect
        .poll(
          async () => {
            await api.call('GET', '/api/v1/auth/me', { key: member.key });
            return (await readLastUsed())?.getTime();
          },
          { timeout: 5_000 },
        )
        .toBeGreaterThan(stale!.getTime());
    });
  });

  describe('GET /api/v1/auth/keys', () => {
    it('lists every key of the workspace for admins and owners, never a value or hash', async () => {
      for (const key of [acme.ownerKey, admin.key]) {
        const res = await api.call('GET', '/api/v1/auth/keys', { key });
        expect(res.status).toBe(200);
        const ids = res.body.keys.map((k: any) => k.id);
        expect(ids).toEqual(
          expect.arrayContaining([acme.ownerKeyId, admin.keyId, agent.keyId, viewer.keyId]),
        );
        expect(ids).not.toContain(other.ownerKeyId);
        expect(res.text).not.toContain('nhx_sk_' + acme.ownerKey.slice(11, 20));
        expect(res.text).not.toMatch(/keyHash|key_hash|"key":/);
        expect(res.body.nextCursor).toBeNull();
      }
    });

    it('lists only their own keys for agents and viewers', async () => {
      const res = await api.call('GET', '/api/v1/auth/keys', { key: agent.key });
      expect(res.status).toBe(200);
      expect(res.body.keys.map((k: any) => k.id)).toEqual([agent.keyId]);
    });

    it('pages by cursor without gaps or duplicates', async () => {
      const ws = await api.createWorkspace('Paging');
      for (let i = 0; i < 6; i += 1) await api.issueKey(ws.ownerMemberId);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await api.call(
          'GET',
          `/api/v1/auth/keys?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          {
            key: ws.ownerKey,
          },
        );
        expect(res.status).toBe(200);
        expect(res.body.keys.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.keys.map((k: any) => k.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
    });

    it.each([['limit=0'], ['limit=101'], ['limit=abc'], ['cursor=not-a-cursor'], ['unknown=1']])(
      '400 validation_failed for ?%s',
      async (query) => {
        const res = await api.call('GET', `/api/v1/auth/keys?${query}`, { key: acme.ownerKey });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.details[0].field).toBe(query.split('=')[0]);
      },
    );
  });

  describe('POST /api/v1/auth/keys', () => {
    it('creates a key for the caller, shown once, that authenticates', async () => {
      const res = await api.call('POST', '/api/v1/auth/keys', {
        key: admin.key,
        body: { name: 'Zapier production' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Zapier production',
        role: 'admin',
        memberId: admin.memberId,
        createdByKeyId: admin.keyId,
        createdByMemberId: admin.memberId,
        lastUsedAt: null,
        revokedAt: null,
        revealExpiresAt: null,
      });
      expect(res.body.key).toMatch(/^nhx_sk_[0-9A-Za-z]{38}$/);
      expect(res.body.prefix).toBe(res.body.key.slice(0, 11));
      const me = await api.call('GET', '/api/v1/auth/me', { key: res.body.key });
      expect(me.body.key.id).toBe(res.body.id);
      const stored = await api.db.query('SELECT * FROM api_keys WHERE id = $1', [res.body.id]);
      expect(JSON.stringify(stored)).not.toContain(res.body.key);
      const again = await api.call('GET', `/api/v1/auth/keys/${res.body.id}`, { key: admin.key });
      expect(again.body.key).toBeUndefined();
    });

    it('creates a key for a member not above the caller', async () => {
      const res = await api.call('POST', '/api/v1/auth/keys', {
        key: admin.key,
        body: { name: 'for the agent', memberId: agent.memberId },
      });
      expect(res.status).toBe(201);
      expect(res.body.role).toBe('agent');
      expect((await api.call('GET', '/api/v1/auth/me', { key: res.body.key })).body.member.id).toBe(
        agent.memberId,
      );
    });

    it('refuses a key that would outrank its creator', async () => {
      const res = await api.call('POST', '/api/v1/auth/keys', {
        key: admin.key,
        body: { name: 'escalate', memberId: acme.ownerMemberId },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('insufficient_role');
    });

    it.each([['agent'], ['viewer']] as const)('403 insufficient_role for an %s key', async (role) => {
      const key = role === 'agent' ? agent.key : viewer.key;
      const res = await api.call('POST', '/api/v1/auth/keys', { key, body: { name: 'nope' } });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('insufficient_role');
    });

    it("404 for another workspace's member, the same as for a missing one", async () => {
      const foreign = await api.call('POST', '/api/v1/auth/keys', {
        key: acme.ownerKey,
        body: { name: 'x', memberId: other.ownerMemberId },
      });
      const missing = await api.call('POST', '/api/v1/auth/keys', {
        key: acme.ownerKey,
        body: { name: 'x', memberId: 'mem_0000000000000000000000' },
      });
      expect(foreign.status).toBe(404);
      expect(withoutRequestId(foreign.body)).toEqual(withoutRequestId(missing.body));
    });

    it.each([
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'x', deferReveal: 'yes' }, 'deferReveal'],
      [{ name: 'x', role: 'owner' }, 'role'],
      [{ name: 'x', memberId: 7 }, 'memberId'],
    ])('400 validation_failed for %j naming %s', async (body, field) => {
      const res = await api.call('POST', '/api/v1/auth/keys', { key: acme.ownerKey, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
    });

    it('writes nothing when the request is refused', async () => {
      const [{ count: before }] = await api.db.query<{ count: string }>('SELECT count(*) FROM api_keys');
      await api.call('POST', '/api/v1/auth/keys', { key: agent.key, body: { name: 'nope' } });
      await api.call('POST', '/api/v1/auth/keys', { key: acme.ownerKey, body: { name: 42 } });
      const [{ count: after }] = await api.db.query<{ count: string }>('SELECT count(*) FROM api_keys');
      expect(after).toBe(before);
    });
  });

  describe('reveal', () => {
    it('reveals a deferred key exactly once, then 410', async () => {
      const created = await api.call('POST', '/api/v1/auth/keys', {
        key: admin.key,
        body: { name: 'provisioned', deferReveal: true },
      });
      expect(created.status).toBe(201);
      expect(created.body.key).toBeUndefined();
      const expires = Date.parse(created.body.revealExpiresAt) - Date.now();
      expect(expires).toBeGreaterThan(14 * 60_000);
      expect(expires).toBeLessThanOrEqual(15 * 60_000);

      const first = await api.call('POST', `/api/v1/auth/keys/${created.body.id}/reveal`, { key: admin.key });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ id: created.body.id, key: expect.stringMatching(/^nhx_sk_/) });
      expect((await api.call('GET', '/api/v1/auth/me', { key: first.body.key })).body.key.id).toBe(
        created.body.id,
      );

      const second = await api.call('POST', `/api/v1/auth/keys/${created.body.id}/reveal`, {
        key: admin.key,
      });
      expect(second.status).toBe(410);
      expect(second.body.error.code).toBe('gone');
      const [row] = await api.db.query('SELECT reveal_ciphertext FROM api_keys WHERE id = $1', [
        created.body.id,
      ]);
      expect(row.reveal_ciphertext).toBeNull();
    });

    it('stores the pending value encrypted, never in plain text', async () => {
      const created = await api.call('POST', '/api/v1/auth/keys', {
        key: admin.key,
        body: { name: 'sealed', deferReveal: true },
      });
      const [row] = await api.db.query<{ reveal_ciphertext: string }>(
        'SELECT reveal_ciphertext FROM api_keys WHERE id = $1',
        [created.body.id],
      );
      expect(row.reveal_ciphertext).toMatch(/^v1\./);
      const revealed = await api.call('POST', `/api/v1/auth/keys/${created.body.id}/reveal`, {
        key: admin.key,
      });
      expect(row.reveal_ciphertext).not.toContain(revealed.body.key.slice(7));
    });

    it('gives the value to exactly one of many concurrent reveals', async () => {
      const created = await api.call('POST', '/api/v1/auth/keys', {
        key: admin.key,
        body: { name: 'raced', deferReveal: true },
      });
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          api.call('POST', `/api/v1/auth/keys/${created.body.id}/reveal`, { key: admin.key }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(410)]);
    });

    it('410 after the 15-minute window', async () => {
      const created = await api.call('POST', '/api/v1/auth/keys', {
        key: admin.key,
        body: { name: 'late', deferReveal: true },
      });
      await api.db.query(
        `UPDATE api_keys SET reveal_expires_at = now() - interval '1 second' WHERE id = $1`,
        [created.body.id],
      );
      const res = await api.call('POST', `/api/v1/auth/keys/${created.body.id}/reveal`, { key: admin.key });
      expect(res.status).toBe(410);
    });

    it('410 for a key whose value was shown at creation', async () => {
      const res = await api.call('POST', `/api/v1/auth/keys/${admin.keyId}/reveal`, { key: admin.key });
      expect(res.status).toBe(410);
    });

    it('only the creating key or an admin may reveal', async () => {
      const created = await api.call('POST', '/api/v1/auth/keys', {
        key: admin.key,
        body: { name: 'for agent', memberId: agent.memberId, deferReveal: true },
      });
      const byAgent = await api.call('POST', `/api/v1/auth/keys/${created.body.id}/reveal`, {
        key: agent.key,
      });
      expect(byAgent.status).toBe(403);
      expect(byAgent.body.error.code).toBe('insufficient_role');
      const byViewer = await api.call('POST', `/api/v1/auth/keys/${created.body.id}/reveal`, {
        key: viewer.key,
      });
      expect(byViewer.status).toBe(404);
      const byOwner = await api.call('POST', `/api/v1/auth/keys/${created.body.id}/reveal`, {
        key: acme.ownerKey,
      });
      expect(byOwner.status).toBe(200);
    });

    it('a CLI-deferred key is revealed by an admin', async () => {
      const issued = await api.issueKey(agent.memberId, true);
      expect(issued.key).toBeUndefined();
      const res = await api.call('POST', `/api/v1/auth/keys/${issued.id}/reveal`, { key: admin.key });
      expect(res.status).toBe(200);
    });
  });

  describe('GET /api/v1/auth/keys/{keyId}', () => {
    it('returns metadata to the key itself and to admins', async () => {
      expect((await api.call('GET', `/api/v1/auth/keys/${agent.keyId}`, { key: agent.key })).status).toBe(
        200,
      );
      const res = await api.call('GET', `/api/v1/auth/keys/${agent.keyId}`, { key: admin.key });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: agent.keyId, role: 'agent', memberId: agent.memberId });
    });

    it("404 for a key of another member to a viewer, and for another workspace's key — same as a random id", async () => {
      const random = await api.call('GET', '/api/v1/auth/keys/key_0000000000000000000000', {
        key: acme.ownerKey,
      });
      const foreign = await api.call('GET', `/api/v1/auth/keys/${other.ownerKeyId}`, { key: acme.ownerKey });
      const hidden = await api.call('GET', `/api/v1/auth/keys/${agent.keyId}`, { key: viewer.key });
      const malformed = await api.call('GET', '/api/v1/auth/keys/not-an-id', { key: acme.ownerKey });
      for (const res of [foreign, hidden, malformed]) {
        expect(res.status).toBe(404);
        expect(withoutRequestId(res.body)).toEqual(withoutRequestId(random.body));
        expect(res.text.length).toBe(
          random.text.length - random.body.error.requestId.length + res.body.error.requestId.length,
        );
      }
    });
  });

  describe('DELETE /api/v1/auth/keys/{keyId}', () => {
    it('revokes at once and is idempotent', async () => {
      const victim = await api.addMember(acme.workspaceId, 'agent');
      expect((await api.call('GET', '/api/v1/auth/me', { key: victim.key })).status).toBe(200);
      const res = await api.call('DELETE', `/api/v1/auth/keys/${victim.keyId}`, { key: admin.key });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await api.call('GET', '/api/v1/auth/me', { key: victim.key })).status).toBe(401);
      expect((await api.call('DELETE', `/api/v1/auth/keys/${victim.keyId}`, { key: admin.key })).status).toBe(
        204,
      );
      const listed = await api.call('GET', `/api/v1/auth/keys/${victim.keyId}`, { key: admin.key });
      expect(listed.body.revokedAt).toEqual(expect.any(String));
    });

    it('lets any key revoke itself', async () => {
      const self = await api.addMember(acme.workspaceId, 'viewer');
      expect((await api.call('DELETE', `/api/v1/auth/keys/${self.keyId}`, { key: self.key })).status).toBe(
        204,
      );
      expect((await api.call('GET', '/api/v1/auth/me', { key: self.key })).status).toBe(401);
    });

    it("refuses an admin revoking an owner's key, and hides others' keys from agents", async () => {
      const byAdmin = await api.call('DELETE', `/api/v1/auth/keys/${acme.ownerKeyId}`, { key: admin.key });
      expect(byAdmin.status).toBe(403);
      const byAgent = await api.call('DELETE', `/api/v1/auth/keys/${viewer.keyId}`, { key: agent.key });
      expect(byAgent.status).toBe(404);
      const foreign = await api.call('DELETE', `/api/v1/auth/keys/${other.ownerKeyId}`, {
        key: acme.ownerKey,
      });
      expect(foreign.status).toBe(404);
      expect((await api.call('GET', '/api/v1/auth/me', { key: other.ownerKey })).status).toBe(200);
      expect((await api.call('GET', '/api/v1/auth/me', { key: viewer.key })).status).toBe(200);
    });

    it('a revoked deferred key can no longer be revealed', async () => {
      const created = await api.call('POST', '/api/v1/auth/keys', {
        key: admin.key,
        body: { name: 'revoke before reveal', deferReveal: true },
      });
      await api.call('DELETE', `/api/v1/auth/keys/${created.body.id}`, { key: admin.key });
      const res = await api.call('POST', `/api/v1/auth/keys/${created.body.id}/reveal`, { key: admin.key });
      expect(res.status).toBe(410);
    });
  });

  describe('two API instances, each caching keys', () => {
    /** A second API process's worth: the same module graph on the same database, its own cache. */
    async function secondInstance() {
      const logger = pino({ level: 'silent' });
      const app = await createHttpApp(
        AppModule.forRoot(api.config, logger, { api: true, worker: false }),
        logger,
      );
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address();
      const call = httpClient(
        `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      );
      return { app, call, cache: app.get(ApiKeyCache) };
    }

    /** Requests until the instance serves the key from its cache (its LISTEN connection is up). */
    async function cached(instance: Awaited<ReturnType<typeof secondInstance>>, key: string) {
      await expect
        .poll(
          async () => {
            expect((await instance.call('GET', '/api/v1/auth/me', { key })).status).toBe(200);
            return instance.cache.get(hashApiKey(key)) !== undefined;
          },
          { timeout: 5_000 },
        )
        .toBe(true);
    }

    it('a key revoked on one instance is refused by the other on the next request', async () => {
      const [first, second] = [await secondInstance(), await secondInstance()];
      try {
        const victim = await api.addMember(acme.workspaceId, 'agent');
        await cached(first, victim.key);
        await cached(second, victim.key);
        const revoked = await first.call('DELETE', `/api/v1/auth/keys/${victim.keyId}`, { key: admin.key });
        expect(revoked.status).toBe(204);
        expect((await second.call('GET', '/api/v1/auth/me', { key: victim.key })).status).toBe(401);
        expect((await first.call('GET', '/api/v1/auth/me', { key: victim.key })).status).toBe(401);
        expect(second.cache.get(hashApiKey(victim.key))).toBeUndefined();
      } finally {
        await first.app.close();
        await second.app.close();
      }
    });

    it('changes made outside the API (a role, a revocation in SQL) reach every cache', async () => {
      const second = await secondInstance();
      try {
        const member = await api.addMember(acme.workspaceId, 'admin');
        await cached(second, member.key);
        await api.db.query(`UPDATE members SET role = 'viewer' WHERE id = $1`, [member.memberId]);
        await expect
          .poll(
            async () => (await second.call('GET', '/api/v1/auth/me', { key: member.key })).body.member.role,
            {
              timeout: 2_000,
            },
          )
          .toBe('viewer');
        await cached(second, member.key);
        await api.db.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [member.keyId]);
        await expect
          .poll(async () => (await second.call('GET', '/api/v1/auth/me', { key: member.key })).status, {
            timeout: 2_000,
          })
          .toBe(401);
      } finally {
        await second.app.close();
      }
    });
  });
});
