import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  EVENT_TYPES,
  verifyWebhook,
  WebhookVerificationError,
  type NebulaHexClient,
  type WebhookEvent,
} from '../../clients/typescript';
import { createReceiver } from '../../examples/webhook-receiver/server';
import { EVENT_TYPES as SERVER_EVENT_TYPES } from '../../src/modules/events/event-types';
import { until } from '../support/expect';
import { joinPath } from '../support/http';
import { startReceiver, type Receiver, type ReceivedRequest } from '../support/receiver';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/**
 * The typed client (`clients/typescript`) against the real server: every operation of the API
 * document is called through it and answers 2xx, the document's operations are exactly the
 * server's routes (so a new route fails here until the client covers it), and real deliveries of
 * every event type pass `verifyWebhook` — and the example receiver — while tampered ones fail.
 */

const document = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'openapi.json'), 'utf8'));
const documentOperations: string[] = Object.entries<Record<string, unknown>>(document.paths).flatMap(
  ([path, item]) =>
    Object.keys(item)
      .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
);

/** @nestjs/swagger's metadata keys for `@ApiExcludeController()` / `@ApiExcludeEndpoint()` (not exported). */
const EXCLUDE_CONTROLLER = 'swagger/apiExcludeController';
const EXCLUDE_ENDPOINT = 'swagger/apiExcludeEndpoint';

/** The running app's routes, as `GET /api/v1/hooks/{hookId}`, leaving out those the document excludes. */
function serverRoutes(api: TestApi): string[] {
  const routes: string[] = [];
  for (const module of api.app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as new (...args: unknown[]) => unknown;
      if (Reflect.getMetadata(EXCLUDE_CONTROLLER, controller)?.[0]) continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (name === 'constructor' || path === undefined) continue;
        if (Reflect.getMetadata(EXCLUDE_ENDPOINT, handler)?.disable) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        routes.push(`${method} ${joinPath(base, path).replace(/:(\w+)/g, '{$1}')}`);
      }
    }
  }
  return routes;
}

/** An event signed as a delivery to the example receiver would be (Standard Webhooks), with its last secret. */
function signedLike(
  secrets: string[],
  event: WebhookEvent,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event);
  const at = new Date();
  return {
    body,
    headers: {
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secrets[secrets.length - 1]).sign(event.id, at, body),
    },
  };
}

/** A shop's order endpoint for the bot's order lookups: every order is shipped. */
async function startShop(): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"shipped"}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('the typed TypeScript client against the real server', () => {
  let api: TestApi;
  let ws: SeededWorkspace;
  let client: NebulaHexClient;
  let receiver: Receiver;
  let shop: Awaited<ReturnType<typeof startShop>>;
  let example: Server;
  let exampleUrl: string;
  const handledByExample: { event: WebhookEvent; outcome: string }[] = [];
  const exampleSecrets: string[] = [];
  /** Every call made through the client, with the status it answered. */
  const calls: { operation: string; status: number }[] = [];

  const recorded = (recording: NebulaHexClient) => {
    recording.use({
      onResponse({ request, schemaPath, response }) {
        calls.push({ operation: `${request.method} ${schemaPath}`, status: response.status });
      },
    });
    return recording;
  };

  beforeAll(async () => {
    [api, receiver, shop] = await Promise.all([
      startTestApi(
        { NHX_WEBHOOK_RETRY_SCHEDULE: '200ms,200ms', NHX_WEBHOOK_TIMEOUT_MS: '2000' },
        { worker: true },
      ),
      startReceiver(),
      startShop(),
    ]);
    ws = await api.createWorkspace();
    client = recorded(createClient({ baseUrl: api.baseUrl, apiKey: ws.ownerKey }));
    example = createReceiver({
      secrets: exampleSecrets,
      onEvent: (event, outcome) => handledByExample.push({ event, outcome }),
    });
    await new Promise<void>((done) => example.listen(0, '127.0.0.1', done));
    exampleUrl = `http://127.0.0.1:${(example.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await api?.close();
    await receiver?.close();
    example?.closeAllConnections();
    await new Promise((done) => example?.close(done));
    shop?.server.closeAllConnections();
    await new Promise((done) => shop?.server.close(done));
  });

  it('knows the event types the server emits', () => {
    expect([...EVENT_TYPES].sort()).toEqual([...SERVER_EVENT_TYPES].sort());
  });

  it('calls every operation, and verifies real deliveries of every event type', async () => {
    // Operations and health
    expect((await client.GET('/healthz')).data).toMatchObject({ status: 'ok' });
    expect((await client.GET('/readyz')).response.status).toBe(200);
    const metrics = await client.GET('/metrics', { parseAs: 'text' });
    expect(metrics.data).toContain('nhx_http_request_duration_seconds');

    // Authentication and keys
    const me = await client.GET('/api/v1/auth/me');
    expect(me.data?.workspace.id).toBe(ws.workspaceId);
    const created = await client.POST('/api/v1/auth/keys', {
      body: { name: 'CI deploys', deferReveal: true },
      params: { header: { 'Idempotency-Key': 'typed-client-key-1' } },
    });
    expect(created.response.status).toBe(201);
    const keyId = created.data!.id;
    expect(created.data).not.toHaveProperty('key');
    const revealed = await client.POST('/api/v1/auth/keys/{keyId}/reveal', { params: { path: { keyId } } });
    expect(revealed.data?.key).toMatch(/^nhx_sk_/);
    const asNewKey = createClient({ baseUrl: api.baseUrl, apiKey: revealed.data!.key });
    expect((await asNewKey.GET('/api/v1/auth/me')).data?.key?.id).toBe(keyId);
    expect((await client.GET('/api/v1/auth/keys')).data?.keys.map((key) => key.id)).toContain(keyId);
    expect((await client.GET('/api/v1/auth/keys/{keyId}', { params: { path: { keyId } } })).data?.name).toBe(
      'CI deploys',
    );
    const revoked = await client.DELETE('/api/v1/auth/keys/{keyId}', { params: { path: { keyId } } });
    expect(revoked.response.status).toBe(204);
    const refused = await asNewKey.GET('/api/v1/auth/me');
    expect(refused.error?.error.code).toBe('unauthorized');

    // The dashboard's session: signed in from a one-time link, a cookie plus the CSRF token
    const link = await api.loginLink(ws.workspaceId, me.data!.member.email);
    const signedIn = await recorded(createClient({ baseUrl: api.baseUrl })).POST('/api/v1/auth/session', {
      body: { token: link.token },
    });
    expect(signedIn.response.status).toBe(201);
    const asSession = recorded(
      createClient({
        baseUrl: api.baseUrl,
        headers: {
          cookie: signedIn.response.headers.get('set-cookie')!.split(';')[0],
          'X-CSRF-Token': signedIn.data!.session!.csrfToken,
        },
      }),
    );
    expect((await asSession.GET('/api/v1/auth/me')).data?.via).toBe('session');
    expect((await asSession.DELETE('/api/v1/auth/session')).response.status).toBe(204);
    expect((await asSession.GET('/api/v1/auth/me')).error?.error.code).toBe('unauthorized');

    // A subscription per event type to the recording receiver, and one to the example receiver
    const hooks = new Map<string, { hookId: string; secret: string }>();
    for (const event of EVENT_TYPES) {
      const hook = await client.POST('/api/v1/hooks', {
        body: { event, targetUrl: `${receiver.url}/hooks/${event}` },
      });
      expect(hook.response.status, JSON.stringify(hook.error)).toBe(201);
      hooks.set(event, { hookId: hook.data!.hookId, secret: hook.data!.signingSecret });
      const toExample = await client.POST('/api/v1/hooks', { body: { event, targetUrl: exampleUrl } });
      exampleSecrets.push(toExample.data!.signingSecret);
    }

    // A customer talks to a bot through the widget: bot-side events
    const bot = await api.createBot(ws.workspaceId, 'Help center bot', {
      escalationPhrases: ['human'],
      orderSource: { type: 'http', urlTemplate: `${shop.url}/orders/{orderId}` },
    });
    expect((await client.GET('/api/v1/bots')).data?.bots.map((b) => b.id)).toContain(bot.id);
    const session = await client.POST('/widget/v1/bots/{botId}/sessions', {
      params: { path: { botId: bot.id } },
      body: { customer: { name: 'Dana' } },
    });
    expect(session.response.status).toBe(201);
    const { sessionId, conversationId, sessionToken } = session.data!;
    const asCustomer = { Authorization: `Bearer ${sessionToken}` };
    for (const text of ['Where is order #1001?', 'Mail me at dana@example.com', 'zzz qqq', 'human']) {
      const sent = await client.POST('/widget/v1/sessions/{sessionId}/messages', {
        params: { path: { sessionId } },
        headers: asCustomer,
        body: { text },
      });
      expect(sent.response.status, JSON.stringify(sent.error)).toBe(201);
    }
    const polled = await client.GET('/widget/v1/sessions/{sessionId}/messages', {
      params: { path: { sessionId } },
      headers: asCustomer,
    });
    expect(polled.data?.messages.length).toBeGreaterThanOrEqual(5);

    // Conversations and actions: API-side events
    const list = await client.GET('/api/v1/conversations', { params: { query: { botId: bot.id } } });
    expect(list.data?.conversations.map((c) => c.id)).toEqual([conversationId]);
    const detail = await client.GET('/api/v1/conversations/{conversationId}', {
      params: { path: { conversationId } },
    });
    expect(detail.data?.status).toBe('escalated');
    const reply = await client.POST('/api/v1/actions/send-message', {
      body: { conversationId, message: 'Sarah here: your order left yesterday.' },
    });
    expect(reply.data).toMatchObject({ conversationId, channel: 'api', handler: 'team' });
    const lead = await client.POST('/api/v1/actions/create-lead', {
      body: { conversationId, capturedFields: { email: 'dana@example.com', plan: 'pro' } },
    });
    expect(lead.response.status).toBe(201);
    const resolved = await client.POST('/api/v1/actions/resolve-conversation', { body: { conversationId } });
    expect(resolved.data?.status).toBe('resolved');

    // Every event type is delivered, each delivery verifies, and a tampered copy does not
    const byType = new Map<string, ReceivedRequest>();
    await until(async () => {
      for (const request of receiver.received)
        byType.set(String(request.headers['x-nebulahex-event']), request);
      return byType.size === EVENT_TYPES.length;
    }, 'a delivery of every event type');
    const secretOf = (request: ReceivedRequest) => hooks.get(request.url.slice('/hooks/'.length))!.secret;
    for (const request of receiver.received) {
      const secret = secretOf(request);
      const event = verifyWebhook(request.body, request.headers, secret);
      expect(event).toEqual(JSON.parse(request.body));
      expect(event.type).toBe(request.headers['x-nebulahex-event']);
      expect(event.workspaceId).toBe(ws.workspaceId);
      const tampered = request.body.replace(conversationId, 'cnv_someoneelses0000000000');
      expect(tampered).not.toBe(request.body);
      expect(() => verifyWebhook(tampered, request.headers, secret)).toThrow(WebhookVerificationError);
      expect(() => verifyWebhook(request.body, request.headers, exampleSecrets[0])).toThrow(
        WebhookVerificationError,
      );
    }
    const lookupRequest = byType.get('order.lookup')!;
    const lookup = verifyWebhook(lookupRequest.body, lookupRequest.headers, secretOf(lookupRequest));
    if (lookup.type !== 'order.lookup') throw new Error(`expected order.lookup, got ${lookup.type}`);
    expect(lookup.data).toMatchObject({ orderId: '1001', lookupSource: 'http', conversationId });

    // The example receiver handled each type once, through its exhaustive switch
    await until(
      async () => new Set(handledByExample.map(({ event }) => event.type)).size === EVENT_TYPES.length,
      'the example receiver handling every event type',
    );
    const outcomes = new Map(handledByExample.map(({ event, outcome }) => [event.type, outcome]));
    expect(outcomes.get('order.lookup')).toBe('order 1001 looked up (http)');
    expect(outcomes.get('conversation.resolved')).toMatch(new RegExp(`^resolved ${conversationId} at `));
    expect(outcomes.get('conversation.escalation')).toMatch(/\(customer_requested, \d+ messages\)$/);
    // It handles a redelivered event once, and refuses one signed with another secret or tampered
    const original = byType.get('lead.captured')!;
    const post = (body: string, headers: Record<string, string>) =>
      fetch(exampleUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const standardHeaders = (request: ReceivedRequest) =>
      Object.fromEntries(
        ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [
          name,
          String(request.headers[name]),
        ]),
      );
    expect((await post(original.body, standardHeaders(original))).status).toBe(400);
    const handled = handledByExample.length;
    const leadEvent = handledByExample.find(({ event }) => event.type === 'lead.captured')!.event;
    const signed = signedLike(exampleSecrets, leadEvent);
    expect((await post(signed.body, signed.headers)).status).toBe(204);
    expect(handledByExample).toHaveLength(handled);
    const tamperedBody = signed.body.replace(ws.workspaceId, 'ws_someoneelse00000000000');
    expect(tamperedBody).not.toBe(signed.body);
    expect((await post(tamperedBody, signed.headers)).status).toBe(400);

    // Events and samples
    const events = await client.GET('/api/v1/events', {
      params: { query: { type: 'conversation.resolved' } },
    });
    expect(events.data?.events.map((event) => event.data.conversationId)).toEqual([conversationId]);
    const samples = await client.GET('/api/v1/triggers/samples');
    expect(samples.data?.samples.map((sample) => sample.event).sort()).toEqual([...EVENT_TYPES].sort());

    // Managing a subscription
    const { hookId, secret } = hooks.get('lead.captured')!;
    expect((await client.GET('/api/v1/hooks')).data?.hooks.length).toBe(EVENT_TYPES.length * 2);
    const hook = await client.GET('/api/v1/hooks/{hookId}', { params: { path: { hookId } } });
    expect(hook.data?.status).toBe('active');
    const before = receiver.received.length;
    const tested = await client.POST('/api/v1/hooks/{hookId}/test', { params: { path: { hookId } } });
    expect(tested.data?.delivered).toBe(true);
    await receiver.waitFor(before + 1);
    const testDelivery = receiver.received[before];
    expect(verifyWebhook(testDelivery.body, testDelivery.headers, secret).type).toBe(hook.data?.event);
    const deliveries = await client.GET('/api/v1/hooks/{hookId}/deliveries', {
      params: { path: { hookId } },
    });
    const deliveryId = deliveries.data!.deliveries[0].deliveryId;
    const rotated = await client.POST('/api/v1/hooks/{hookId}/rotate-secret', {
      params: { path: { hookId } },
    });
    const newSecret = rotated.data!.signingSecret;
    expect(newSecret).not.toBe(secret);
    const retried = await client.POST('/api/v1/hooks/{hookId}/deliveries/{deliveryId}/retry', {
      params: { path: { hookId, deliveryId } },
    });
    expect(retried.response.status).toBe(202);
    await receiver.waitFor(before + 2);
    const again = receiver.received[before + 1];
    // During the rotation's overlap a delivery carries both signatures: either secret verifies it.
    expect(verifyWebhook(again.body, again.headers, newSecret).id).toBe(
      verifyWebhook(again.body, again.headers, secret).id,
    );
    const resumed = await client.POST('/api/v1/hooks/{hookId}/resume', {
      params: { path: { hookId } },
      body: { replay: false },
    });
    expect(resumed.data?.status).toBe('active');
    expect(
      (await client.DELETE('/api/v1/hooks/{hookId}', { params: { path: { hookId } } })).response.status,
    ).toBe(204);
  });

  it('has called every operation of the document, each answering 2xx, and the document lists every route', () => {
    expect([...documentOperations].sort()).toEqual(serverRoutes(api).sort());
    const succeeded = new Set(calls.filter(({ status }) => status < 300).map(({ operation }) => operation));
    expect(documentOperations.filter((operation) => !succeeded.has(operation))).toEqual([]);
  });
});
