import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';
import { expectError } from '../support/expect';

describe('HTTP conventions', () => {
  let api: TestApi;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await api.createWorkspace();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await api.call('POST', '/api/v1/auth/keys', {
      key: ws.ownerKey,
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 400, 'malformed_json');
  });

  it('answers a non-JSON body with 415 unsupported_media_type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await api.call('POST', '/api/v1/auth/keys', {
        key: ws.ownerKey,
        rawBody: 'name=x',
        headers: { 'content-type': type },
      });
      expectError(res, 415, 'unsupported_media_type');
    }
  });

  it('answers a non-JSON body on a route that takes none with a 415 its operation documents', async () => {
    const document = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'openapi.json'), 'utf8'));
    let checked = 0;
    for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
      for (const method of ['post', 'delete']) {
        const operation = item[method];
        if (!operation || operation.requestBody) continue;
        const concrete = path.replace(/\{(\w+)\}/g, 'x_1');
        const res = await api.call(method.toUpperCase(), concrete, {
          key: ws.ownerKey,
          rawBody: 'x',
          headers: { 'content-type': 'text/plain' },
        });
        expect(res.status, `${method} ${path}`).toBe(415);
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain('415');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('answers a body over 1 MiB with 413 payload_too_large', async () => {
    const res = await api.call('POST', '/api/v1/auth/keys', {
      key: ws.ownerKey,
      rawBody: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 413, 'payload_too_large');
  });

  it('accepts a body just under the limit (then validates it)', async () => {
    const res = await api.call('POST', '/api/v1/auth/keys', {
      key: ws.ownerKey,
      rawBody: JSON.stringify({ name: 'x'.repeat(1024 * 1024 - 100) }),
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 400, 'validation_failed');
  });

  it('answers an unknown route with 404 not_found in the envelope', async () => {
    for (const path of ['/api/v1/nope', '/api/v2/bots', '/', '/api/v1/bots/extra/segments']) {
      expectError(await api.call('GET', path, { key: ws.ownerKey }), 404, 'not_found');
    }
    expectError(await api.call('PUT', '/api/v1/nope', { key: ws.ownerKey, body: {} }), 404, 'not_found');
    // A known path with a method it does not take: 405 (methods.e2e.spec.ts covers every route).
    expectError(
      await api.call('PUT', '/api/v1/bots', { key: ws.ownerKey, body: {} }),
      405,
      'method_not_allowed',
    );
  });

  it('validates JSON bodies that are not objects', async () => {
    for (const rawBody of ['[]', '"name"', '42', 'null']) {
      const res = await api.call('POST', '/api/v1/auth/keys', {
        key: ws.ownerKey,
        rawBody,
        headers: { 'content-type': 'application/json' },
      });
      expect([400]).toContain(res.status);
      expect(res.body.error.code).toMatch(/^(validation_failed|malformed_json)$/);
    }
  });

  it('reports every invalid field, one detail each', async () => {
    const res = await api.call('POST', '/api/v1/auth/keys', {
      key: ws.ownerKey,
      body: { name: 7, deferReveal: 'no', extra: true },
    });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.map((d: any) => d.field).sort()).toEqual(['deferReveal', 'extra', 'name']);
  });

  it('echoes a well-formed X-Request-Id and replaces a bad one', async () => {
    const echoed = await api.call('GET', '/healthz', { headers: { 'x-request-id': 'client-abc.123:xyz' } });
    expect(echoed.headers.get('x-request-id')).toBe('client-abc.123:xyz');
    const replaced = await api.call('GET', '/api/v1/auth/me', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^req_/);
    expect(replaced.body.error.requestId).toBe(replaced.headers.get('x-request-id'));
    const tooLong = await api.call('GET', '/healthz', { headers: { 'x-request-id': 'a'.repeat(129) } });
    expect(tooLong.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('gives every response a distinct request id', async () => {
    const ids = await Promise.all(
      Array.from({ length: 20 }, async () => (await api.call('GET', '/healthz')).headers.get('x-request-id')),
    );
    expect(new Set(ids).size).toBe(20);
  });

  it('serves liveness and readiness without a key', async () => {
    expect((await api.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await api.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('never answers 500 to hostile input', async () => {
    const hostile = [
      '/api/v1/auth/keys/%00',
      '/api/v1/auth/keys/' + 'k'.repeat(5000),
      "/api/v1/auth/keys/key_' OR 1=1 --",
      '/api/v1/auth/keys/%E0%A4%A',
      '/api/v1/bots?limit=1e309',
      '/api/v1/bots?limit=-1',
      '/api/v1/bots?limit[]=1',
      '/api/v1/bots?cursor=' + encodeURIComponent(Buffer.from('["not a date","x"]').toString('base64url')),
      '/api/v1/bots?cursor=' + encodeURIComponent(Buffer.from('{"a":1}').toString('base64url')),
      '/api/v1/bots?cursor=%F0%9F%92%A9',
    ];
    for (const path of hostile) {
      const res = await api.call('GET', path, { key: ws.ownerKey });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.body.error.code, path).toEqual(expect.any(String));
    }
  });
});
