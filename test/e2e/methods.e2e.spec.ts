import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../support/expect';
import { joinPath } from '../support/http';
import { startTestApi, type TestApi } from '../support/test-app';

/** Methods tried on every path: the usual ones, `QUERY`, and a WebDAV one no route takes. */
const TRIED = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'QUERY', 'PROPFIND'];

/** Routes Fastify serves outside Nest's controllers: the API reference. */
const DOCS_ROUTES = ['GET /api/docs', 'GET /api/docs/openapi.json'];

describe('methods a path does not take', () => {
  let api: TestApi;
  /** Every path of the app (parameters filled in) with the methods its routes take. */
  const paths = new Map<string, Set<string>>();

  beforeAll(async () => {
    api = await startTestApi();
    const routes = [...DOCS_ROUTES];
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        const controller = metatype as new (...args: unknown[]) => unknown;
        const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = controller.prototype[name];
          const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
          if (name === 'constructor' || path === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          routes.push(`${method} ${joinPath(base, path)}`);
        }
      }
    }
    for (const route of routes) {
      const [method, pattern] = route.split(' ');
      const path = pattern.replace(/:(\w+)/g, 'x_$1');
      const methods = paths.get(path) ?? new Set<string>();
      methods.add(method);
      paths.set(path, methods);
    }
  });
  afterAll(async () => {
    await api.close();
  });

  /** What `Allow` must say: the path's methods, with HEAD beside GET. */
  const allowOf = (methods: Set<string>) =>
    ['GET', 'HEAD', 'POST', 'DELETE'].filter((m) => methods.has(m) || (m === 'HEAD' && methods.has('GET')));

  it('every path answers each method it does not take with 405, Allow and the envelope', async () => {
    expect(paths.size).toBeGreaterThanOrEqual(25);
    expect([...paths.keys()]).toEqual(
      expect.arrayContaining(['/healthz', '/metrics', '/readyz', '/api/docs']),
    );
    let refused = 0;
    for (const [path, methods] of paths) {
      const allow = allowOf(methods);
      for (const method of TRIED) {
        if (allow.includes(method)) continue;
        const res = await api.call(method, path);
        const what = `${method} ${path}`;
        expect(res.status, what).toBe(405);
        expect(res.headers.get('allow'), what).toBe(allow.join(', '));
        expect(res.headers.get('x-request-id'), what).toMatch(/^req_/);
        if (method !== 'HEAD') {
          expectError(res, 405, 'method_not_allowed');
          expect(res.body.error.message, what).toBe(
            `${method} is not allowed here; this path takes ${allow.join(', ')}.`,
          );
        }
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(150);
  });

  it('every method Allow lists is served, not refused with 405 (HEAD beside every GET)', async () => {
    for (const [path, methods] of paths) {
      for (const method of allowOf(methods)) {
        const res = await api.call(method, path);
        expect(res.status, `${method} ${path}`).not.toBe(405);
        expect(res.headers.get('allow'), `${method} ${path}`).toBeNull();
      }
    }
    const head = await api.call('HEAD', '/healthz');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('QUERY, with a body or without, is refused like any unsupported method', async () => {
    const ws = await api.createWorkspace('Methods');
    const res = await api.call('QUERY', '/api/v1/conversations', {
      key: ws.ownerKey,
      body: { status: 'open' },
    });
    expectError(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expectError(await api.call('QUERY', '/api/v1/events'), 405, 'method_not_allowed');
  });

  it('an unknown path stays 404 not_found, whatever the method', async () => {
    for (const method of TRIED) {
      for (const path of ['/api/v1/nope', '/api/v1/bots/bot_x/extra', '/api/v1', '/nope']) {
        const res = await api.call(method, path);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.headers.get('allow')).toBeNull();
        if (method !== 'HEAD') expectError(res, 404, 'not_found');
      }
    }
  });

  it('CORS preflights still answer 204 on every path', async () => {
    const res = await api.call('OPTIONS', '/api/v1/bots', {
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
  });
});
