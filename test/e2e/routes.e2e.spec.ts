import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IS_PUBLIC, REQUIRED_ROLE } from '../../src/common/decorators/auth.decorator';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Every route of the API with its authentication, read from the running app. A new route fails
 * this test until it is added here, so an unguarded route cannot slip in unnoticed.
 */
const EXPECTED_ROUTES = {
  'GET /api/v1/auth/me': 'key:viewer',
  'GET /api/v1/auth/keys': 'key:viewer',
  'POST /api/v1/auth/keys': 'key:admin',
  'GET /api/v1/auth/keys/:keyId': 'key:viewer',
  'POST /api/v1/auth/keys/:keyId/reveal': 'key:viewer',
  'DELETE /api/v1/auth/keys/:keyId': 'key:viewer',
  'GET /api/v1/bots': 'key:viewer',
  'GET /api/v1/conversations': 'key:viewer',
  'GET /api/v1/conversations/:conversationId': 'key:viewer',
  'POST /api/v1/actions/send-message': 'key:agent',
  'POST /api/v1/actions/create-lead': 'key:agent',
  'POST /api/v1/actions/resolve-conversation': 'key:agent',
  'GET /api/v1/events': 'key:viewer',
  'GET /api/v1/hooks': 'key:admin',
  'POST /api/v1/hooks': 'key:admin',
  'GET /api/v1/hooks/:hookId': 'key:admin',
  'DELETE /api/v1/hooks/:hookId': 'key:admin',
  'POST /api/v1/hooks/:hookId/resume': 'key:admin',
  'POST /api/v1/hooks/:hookId/test': 'key:admin',
  'GET /api/v1/hooks/:hookId/deliveries': 'key:admin',
  'POST /api/v1/hooks/:hookId/deliveries/:deliveryId/retry': 'key:admin',
  'POST /api/v1/hooks/:hookId/rotate-secret': 'key:admin',
  'GET /api/v1/triggers/samples': 'key:viewer',
  'GET /healthz': 'public',
  'GET /metrics': 'public',
  'GET /readyz': 'public',
  // The widget channel authenticates its session routes with the session token itself.
  'POST /widget/v1/bots/:botId/sessions': 'public',
  'POST /widget/v1/sessions/:sessionId/messages': 'public',
  'GET /widget/v1/sessions/:sessionId/messages': 'public',
  'GET /widget/demo/:botId': 'public',
  'GET /widget/assets/demo.js': 'public',
  'GET /widget/assets/demo.css': 'public',
};

function join(...parts: string[]): string {
  return `/${parts
    .map((p) => p.replace(/^\/|\/$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

describe('route table', () => {
  let api: TestApi;
  let routes: { route: string; access: string; declared: boolean }[];

  beforeAll(async () => {
    api = await startTestApi();
    routes = [];
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        const controller = metatype as new (...args: unknown[]) => unknown;
        const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = controller.prototype[name];
          const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
          if (name === 'constructor' || path === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          const isPublic =
            Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller);
          const role =
            Reflect.getMetadata(REQUIRED_ROLE, handler) ?? Reflect.getMetadata(REQUIRED_ROLE, controller);
          routes.push({
            route: `${method} ${join(base, path)}`,
            access: isPublic ? 'public' : `key:${role ?? 'viewer'}`,
            declared: Boolean(isPublic) || role !== undefined,
          });
        }
      }
    }
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists every route with its authentication and role', () => {
    expect(Object.fromEntries(routes.map((r) => [r.route, r.access]))).toEqual(EXPECTED_ROUTES);
  });

  it('every route declares @Public() or @Auth(role) explicitly', () => {
    expect(routes.filter((r) => !r.declared).map((r) => r.route)).toEqual([]);
  });

  it('every non-public route refuses a request without a key', async () => {
    for (const { route, access } of routes) {
      if (access === 'public') continue;
      const [method, path] = route.split(' ');
      const res = await api.call(method, path.replace(/:(\w+)/g, 'x_$1'));
      expect(res.status, route).toBe(401);
    }
  });
});
