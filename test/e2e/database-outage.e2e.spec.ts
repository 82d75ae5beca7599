import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import type { ApiResponse } from '../support/http';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/**
 * The API reaches PostgreSQL through a proxy the test cuts: new connections are refused and open
 * ones reset, as in a crash or a network failure. Every request in the meantime must answer 503
 * `unavailable` with `Retry-After`, never 500, and the service must come back on its own.
 */

const OUTAGE_MS = 3_000;

describe('a database that cannot be reached', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let api: TestApi;
  let ws: SeededWorkspace;
  let botId: string;
  let conversationId: string;
  let session: { sessionId: string; sessionToken: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    const server = new URL(db.url);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    api = await startTestApi({}, { db: { ...db, url: proxy.through(db.url) } });
    ws = await api.createWorkspace();
    botId = (await api.createBot(ws.workspaceId, 'Helper')).id;
    conversationId = (await api.createConversation(ws.workspaceId, botId, { messages: 1 })).id;
    session = (await api.call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {} })).body;
  });
  afterAll(async () => {
    await proxy?.restore();
    await api?.close();
    await proxy?.close();
    await db?.drop();
  });

  /** Requests that each need the database, whatever the caches hold. */
  const needingTheDatabase = (round: number): [string, () => Promise<ApiResponse>][] => [
    ['list conversations', () => api.call('GET', '/api/v1/conversations', { key: ws.ownerKey })],
    [
      'get a conversation',
      () => api.call('GET', `/api/v1/conversations/${conversationId}`, { key: ws.ownerKey }),
    ],
    ['list events', () => api.call('GET', '/api/v1/events', { key: ws.ownerKey })],
    [
      'send a message',
      () =>
        api.call('POST', '/api/v1/actions/send-message', {
          key: ws.ownerKey,
          body: { conversationId, message: 'On it.' },
        }),
    ],
    [
      'send a message with an Idempotency-Key',
      () =>
        api.call('POST', '/api/v1/actions/send-message', {
          key: ws.ownerKey,
          body: { conversationId, message: 'On it.' },
          headers: { 'idempotency-key': `outage-${round}` },
        }),
    ],
    [
      'create a key',
      () => api.call('POST', '/api/v1/auth/keys', { key: ws.ownerKey, body: { name: 'CRM' } }),
    ],
    ['open a widget session', () => api.call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {} })],
    [
      'send a widget message',
      () =>
        api.call('POST', `/widget/v1/sessions/${session.sessionId}/messages`, {
          key: session.sessionToken,
          body: { text: 'hello' },
        }),
    ],
  ];
  /** Requests an instance may answer from memory. */
  const maybeFromMemory: [string, () => Promise<ApiResponse>][] = [
    ['who am I', () => api.call('GET', '/api/v1/auth/me', { key: ws.ownerKey })],
    ['list bots', () => api.call('GET', '/api/v1/bots', { key: ws.ownerKey })],
  ];

  it('answers 503 unavailable with Retry-After, never 500, and serves again once it is back', async () => {
    for (const [name, request] of needingTheDatabase(0)) {
      expect((await request()).status, name).toBeLessThan(300);
    }

    await proxy.cut();
    const answers: { name: string; response: ApiResponse }[] = [];
    const cutAt = Date.now();
    for (let round = 1; Date.now() - cutAt < OUTAGE_MS; round += 1) {
      const wave = [...needingTheDatabase(round), ...maybeFromMemory, ...needingTheDatabase(round + 1000)];
      answers.push(
        ...(await Promise.all(wave.map(async ([name, request]) => ({ name, response: await request() })))),
      );
    }
    const ready = await api.call('GET', '/readyz');
    await proxy.restore();

    expect(ready.status).toBe(503);
    expect(ready.body.checks.database).toBe('down');
    expect(answers.length).toBeGreaterThanOrEqual(100);
    const fromMemory = new Set(maybeFromMemory.map(([name]) => name));
    for (const { name, response } of answers) {
      if (fromMemory.has(name) && response.status === 200) continue;
      expect(response.status, `${name}: ${response.text}`).toBe(503);
      expect(response.headers.get('retry-after'), name).toBe('5');
      expect(response.body).toEqual({
        error: {
          code: 'unavailable',
          message: expect.any(String),
          requestId: response.headers.get('x-request-id'),
          details: [],
        },
      });
    }

    // Back: the pool replaces the connections it lost, without a restart.
    const restoredAt = Date.now();
    let recovered: number | null = null;
    while (recovered === null && Date.now() - restoredAt < 10_000) {
      const statuses = await Promise.all(
        needingTheDatabase(2000).map(async ([, request]) => (await request()).status),
      );
      if (statuses.every((status) => status < 300)) recovered = Date.now() - restoredAt;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered, 'the service did not recover within 10 s').not.toBeNull();
    expect((await api.call('GET', '/readyz')).status).toBe(200);
    // The Idempotency-Key of a request that failed in the outage may be used again.
    const retried = await api.call('POST', '/api/v1/actions/send-message', {
      key: ws.ownerKey,
      body: { conversationId, message: 'On it.' },
      headers: { 'idempotency-key': 'outage-1' },
    });
    expect(retried.status, retried.text).toBe(201);
  });
});
