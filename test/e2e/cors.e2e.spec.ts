import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

const EXPOSED = 'Retry-After, RateLimit, RateLimit-Policy, X-Request-Id, Idempotent-Replayed';

function expectPreflight(res: { status: number; headers: Headers; text: string }): void {
  expect(res.status).toBe(204);
  expect(res.text).toBe('');
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE');
  expect(res.headers.get('access-control-allow-headers')).toBe(
    'Authorization, Content-Type, Idempotency-Key',
  );
  expect(res.headers.get('access-control-max-age')).toBe('86400');
  expect(res.headers.get('access-control-allow-credentials')).toBeNull();
}

describe('CORS', () => {
  let api: TestApi;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    api = await startTestApi({ NHX_RATE_LIMIT_PER_MINUTE: '60' });
    ws = await api.createWorkspace();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers a preflight from any origin on every route with 204 and the documented headers', async () => {
    const paths = [
      '/api/v1/bots',
      '/api/v1/auth/keys/key_abc',
      '/api/v1/actions/send-message',
      '/api/v1/conversations?limit=5',
      '/healthz',
      '/api/v1/no-such-route',
    ];
    for (const origin of ['https://app.example.com', 'http://localhost:5173', 'null']) {
      for (const path of paths) {
        const res = await api.call('OPTIONS', path, {
          headers: {
            origin,
            'access-control-request-method': path.includes('actions') ? 'POST' : 'GET',
            'access-control-request-headers': 'authorization, content-type, idempotency-key',
          },
        });
        expectPreflight(res);
        expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      }
    }
    // An OPTIONS that is not a real preflight is answered the same way.
    expectPreflight(await api.call('OPTIONS', '/api/v1/bots'));
  });

  it('lets a cross-origin caller read answers, errors included, and the headers it needs', async () => {
    const headers = { origin: 'https://app.example.com' };
    const ok = await api.call('GET', '/api/v1/bots', { key: ws.ownerKey, headers });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(ok.headers.get('access-control-expose-headers')).toBe(EXPOSED);
    for (const res of [
      await api.call('GET', '/api/v1/bots', { headers }),
      await api.call('POST', '/api/v1/auth/keys', {
        key: ws.ownerKey,
        headers: { ...headers, 'content-type': 'text/plain' },
        rawBody: 'x',
      }),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-expose-headers')).toBe(EXPOSED);
    }
  });

  it('sends security headers on API responses', async () => {
    const res = await api.call('GET', '/api/v1/bots', { key: ws.ownerKey });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  describe('from a real browser on another origin (same-origin policy on)', () => {
    let browser: Browser;
    let tab: Page;
    let page: Server;
    let pageOrigin: string;

    beforeAll(async () => {
      page = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>integrator</title>');
      });
      await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
      // `localhost` vs the API's `127.0.0.1`: another origin (and another site) for the browser.
      pageOrigin = `http://localhost:${(page.address() as AddressInfo).port}`;
      browser = await launchBrowser({ webSecurity: true });
      tab = await browser.newPage();
      await tab.goto(pageOrigin);
    });
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => page?.close(resolve));
    });

    it('calls GET /api/v1/bots with a bearer key and reads the body and the RateLimit header', async () => {
      await api.createBot(ws.workspaceId, 'Support bot');
      const result = await tab.evaluate(
        async ({ url, key }) => {
          const response = await fetch(`${url}/api/v1/bots`, { headers: { Authorization: `Bearer ${key}` } });
          return {
            origin: (globalThis as unknown as { location: { origin: string } }).location.origin,
            status: response.status,
            body: await response.json(),
            rateLimit: response.headers.get('RateLimit'),
            policy: response.headers.get('RateLimit-Policy'),
            requestId: response.headers.get('X-Request-Id'),
            hidden: response.headers.get('X-Content-Type-Options'),
          };
        },
        { url: api.baseUrl, key: ws.ownerKey },
      );
      expect(result.origin).not.toBe(api.baseUrl);
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        bots: [expect.objectContaining({ name: 'Support bot' })],
        nextCursor: null,
      });
      expect(result.rateLimit).toMatch(/^"default";r=\d+;t=\d+$/);
      expect(result.policy).toBe('"default";q=60;w=60');
      expect(result.requestId).toMatch(/^req_/);
      // The browser does enforce CORS: a header the API does not expose stays hidden.
      expect(result.hidden).toBeNull();
    });

    it('sends a preflighted POST with Idempotency-Key and reads Idempotent-Replayed and a 401', async () => {
      const bot = await api.createBot(ws.workspaceId, 'Sales bot');
      const conversation = await api.createConversation(ws.workspaceId, bot.id);
      const result = await tab.evaluate(
        async ({ url, key, conversationId }) => {
          const post = () =>
            fetch(`${url}/api/v1/actions/resolve-conversation`, {
              method: 'POST',
              headers: {
                Authorization: `Bearer ${key}`,
                'Content-Type': 'application/json',
                'Idempotency-Key': 'browser-resolve-1',
              },
              body: JSON.stringify({ conversationId }),
            });
          const first = await post();
          const again = await post();
          const refused = await fetch(`${url}/api/v1/bots`, { headers: { Authorization: 'Bearer nope' } });
          return {
            first: first.status,
            again: again.status,
            replayed: again.headers.get('Idempotent-Replayed'),
            body: (await again.json()) as { status?: string },
            refused: refused.status,
            refusedBody: (await refused.json()) as { error?: { code?: string } },
          };
        },
        { url: api.baseUrl, key: ws.ownerKey, conversationId: conversation.id },
      );
      expect(result).toMatchObject({ first: 200, again: 200, replayed: 'true', refused: 401 });
      expect(result.body.status).toBe('resolved');
      expect(result.refusedBody.error?.code).toBe('unauthorized');
    });
  });
});
