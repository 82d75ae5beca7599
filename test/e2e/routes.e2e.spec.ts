import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IS_PUBLIC, REQUIRED_ROLE } from '../../src/common/decorators/auth.decorator';
import { parseSetCookie } from 'cookie';
import { expectError } from '../support/expect';
import { joinPath } from '../support/http';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Every route of the API with its authentication (`auth:<role>`: an API key or a dashboard session
 * whose member has the role), read from the running app. A new route fails
 * this test until it is added here, so an unguarded route cannot slip in unnoticed.
 */
const EXPECTED_ROUTES = {
  'GET /api/v1/auth/me': 'auth:viewer',
  // Sign-in trades a one-time link's token (in the body) for a session.
  'POST /api/v1/auth/session': 'public',
  'DELETE /api/v1/auth/session': 'auth:viewer',
  'GET /api/v1/auth/keys': 'auth:viewer',
  'POST /api/v1/auth/keys': 'auth:admin',
  'GET /api/v1/auth/keys/:keyId': 'auth:viewer',
  'POST /api/v1/auth/keys/:keyId/reveal': 'auth:viewer',
  'DELETE /api/v1/auth/keys/:keyId': 'auth:viewer',
  'GET /api/v1/bots': 'auth:viewer',
  'GET /api/v1/conversations': 'auth:viewer',
  'GET /api/v1/conversations/:conversationId': 'auth:viewer',
  'POST /api/v1/actions/send-message': 'auth:agent',
  'POST /api/v1/actions/create-lead': 'auth:agent',
  'POST /api/v1/actions/resolve-conversation': 'auth:agent',
  'GET /api/v1/events': 'auth:viewer',
  'GET /api/v1/hooks': 'auth:admin',
  'POST /api/v1/hooks': 'auth:admin',
  'GET /api/v1/hooks/:hookId': 'auth:admin',
  'DELETE /api/v1/hooks/:hookId': 'auth:admin',
  'POST /api/v1/hooks/:hookId/resume': 'auth:admin',
  'POST /api/v1/hooks/:hookId/test': 'auth:admin',
  'GET /api/v1/hooks/:hookId/deliveries': 'auth:admin',
  'POST /api/v1/hooks/:hookId/deliveries/:deliveryId/retry': 'auth:admin',
  'POST /api/v1/hooks/:hookId/rotate-secret': 'auth:admin',
  'GET /api/v1/triggers/samples': 'auth:viewer',
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
  // The dashboard's files; the page itself calls the routes above with its session.
  'GET /dashboard': 'public',
  'GET /dashboard/assets/:file': 'public',
  'GET /dashboard/*': 'public',
};

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
            route: `${method} ${joinPath(base, path)}`,
            access: isPublic ? 'public' : `auth:${role ?? 'viewer'}`,
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

  it('a dashboard session passes the same guard: unknown cookie 401, no CSRF token 403, role as its member', async () => {
    const acme = await api.createWorkspace();
    await api.addMember(acme.workspaceId, 'viewer', 'viewer@acme.example');
    const link = await api.loginLink(acme.workspaceId, 'viewer@acme.example');
    const signedIn = await api.call('POST', '/api/v1/auth/session', { body: { token: link.token } });
    const cookie = parseSetCookie(signedIn.headers.get('set-cookie') ?? '');
    const session = `${cookie.name}=${cookie.value}`;
    const csrf = signedIn.body.session.csrfToken as string;
    const unknown = `${cookie.name}=nhx_ds_${'a'.repeat(40)}`;
    for (const { route, access } of routes) {
      if (access === 'public') continue;
      const [method, pattern] = route.split(' ');
      const path = pattern.replace(/:(\w+)/g, 'x_$1');
      expect((await api.call(method, path, { headers: { cookie: unknown } })).status, route).toBe(401);
      // Sign-out would end the session this loop uses; the sessions test covers it.
      if (method === 'GET' || route === 'DELETE /api/v1/auth/session') continue;
      // A state-changing request with the cookie alone is refused before anything else is looked at.
      expectError(await api.call(method, path, { headers: { cookie: session } }), 403, 'csrf_token_invalid');
      // With the token, the viewer's role decides like a viewer key's would.
      const res = await api.call(method, path, { headers: { cookie: session, 'x-csrf-token': csrf } });
      if (access !== 'auth:viewer') expectError(res, 403, 'insufficient_role');
      else expect(res.status, route).not.toBe(403);
    }
  });
});
