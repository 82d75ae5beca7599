import { createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logging/logger';
import { BotConfigError } from '../../src/modules/bots/bot-config';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/**
 * Targets that embed an internal IPv4 address in an IPv6 literal (IPv4-compatible `::/96` among
 * them, which ipaddr.js files as unicast), refused wherever the service would call them: when a
 * bot's order source is stored, and when a webhook or an order lookup is attempted for a target
 * stored before the guard knew the form.
 */
const EMBEDDED_FORMS = [
  '[::127.0.0.1]',
  '[::7f00:1]',
  '[::a9fe:a9fe]',
  '[::ffff:0:7f00:1]',
  '[64:ff9b:1::a9fe:a9fe]',
  '[2002:7f00:1::1]',
  '[2001:0:4136:e378:8000:63bf:80ff:fffe]',
];

describe('SSRF with a strict target policy (NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS=false)', () => {
  const lines: string[] = [];
  let api: TestApi;
  let ws: SeededWorkspace;
  let listener: Server;
  let port = 0;
  let accepted = 0;

  beforeAll(async () => {
    listener = createServer((socket) => {
      accepted += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, resolve));
    port = (listener.address() as { port: number }).port;
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    });
    api = await startTestApi(
      { NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' },
      { logger: createLogger('info', stream) },
    );
    ws = await api.createWorkspace();
  });
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => listener?.close(resolve));
  });

  it.each(EMBEDDED_FORMS)('refuses to store a bot whose order source is https://%s/…', async (host) => {
    const config = {
      orderSource: { type: 'http', urlTemplate: `https://${host}:${port}/orders/{orderId}` },
    };
    const stored = api.createBot(ws.workspaceId, 'Shop bot', config);
    await expect(stored).rejects.toBeInstanceOf(BotConfigError);
    await expect(stored).rejects.toMatchObject({
      details: [{ field: 'orderSource.urlTemplate', message: expect.stringMatching(/private or reserved/) }],
    });
  });

  it('stores a bot whose order source is a public https URL', async () => {
    const config = {
      orderSource: { type: 'http', urlTemplate: 'https://shop.example.com/orders/{orderId}' },
    };
    await expect(api.createBot(ws.workspaceId, 'Shop bot', config)).resolves.toHaveProperty('id');
  });

  it.each(EMBEDDED_FORMS)(
    'a webhook stored with https://%s/ is refused when attempted (the test route), reaching no socket',
    async (host) => {
      const created = await api.call('POST', '/api/v1/hooks', {
        key: ws.ownerKey,
        body: { event: 'message.sent', targetUrl: 'https://hooks.example.com/nebulahex' },
      });
      expect(created.status, created.text).toBe(201);
      // As if stored before the guard knew the form.
      await api.db.query(`UPDATE hook_subscriptions SET target_url = $1 WHERE id = $2`, [
        `https://${host}:${port}/hook`,
        created.body.hookId,
      ]);
      const res = await api.call('POST', `/api/v1/hooks/${created.body.hookId}/test`, { key: ws.ownerKey });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        delivered: false,
        statusCode: null,
        error: expect.stringMatching(/^unsafe target: must not point at a private or reserved address/),
      });
      expect(accepted).toBe(0);
    },
  );

  it('an order source stored with an IPv4-compatible address is refused at lookup, reaching no socket', async () => {
    const bot = await api.createBot(ws.workspaceId, 'Order bot', {
      orderSource: { type: 'http', urlTemplate: 'https://shop.example.com/orders/{orderId}' },
    });
    await api.db.query(
      `UPDATE bots SET config = jsonb_set(config, '{orderSource,urlTemplate}', $1) WHERE id = $2`,
      [JSON.stringify(`https://[::127.0.0.1]:${port}/orders/{orderId}`), bot.id],
    );
    const session = await api.call('POST', `/widget/v1/bots/${bot.id}/sessions`, { body: {} });
    expect(session.status, session.text).toBe(201);
    const res = await api.call('POST', `/widget/v1/sessions/${session.body.sessionId}/messages`, {
      key: session.body.sessionToken,
      body: { text: 'Where is order #1001?' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.messages.at(-1).text).toMatch(/could not look up order #1001/);
    expect(accepted).toBe(0);
    const failed = lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'order lookup failed');
    expect(failed?.reason).toMatch(/IPv4-compatible/);
  });
});
