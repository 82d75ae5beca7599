import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDOVER_MESSAGE } from '../../src/modules/runtime/engine/engine';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

/** A shop's order endpoint on 127.0.0.1: `/orders/1001` is shipped, everything else 404. */
async function startOrderSource(): Promise<{ server: Server; url: string; requests: IncomingHttpHeaders[] }> {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    requests.push(request.headers);
    if (request.url === '/orders/1001') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 1001, status: 'shipped', carrier: 'DHL' }));
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('the conversation runtime, end to end over HTTP', () => {
  let api: TestApi;
  let shop: Awaited<ReturnType<typeof startOrderSource>>;
  let workspace: SeededWorkspace;
  let botId: string;

  beforeAll(async () => {
    // startTestApi allows private targets (NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS=true): the shop is local.
    [api, shop] = await Promise.all([startTestApi(), startOrderSource()]);
    workspace = await api.createWorkspace();
    const bot = await api.createBot(workspace.workspaceId, 'Help center bot', {
      greeting: 'Hi! How can I help?',
      fallbackMessage: "Sorry, I didn't catch that. Could you rephrase?",
      confidenceThreshold: 0.5,
      fallbackLimit: 2,
      escalationPhrases: ['human', 'agent', 'talk to someone'],
      leadCapture: true,
      knowledgeBase: [
        {
          question: 'What are your opening hours?',
          answer: "We're open 9-5, Monday to Friday.",
          keywords: ['hours', 'open'],
        },
        {
          question: 'How long does shipping take?',
          answer: 'Orders ship within 2 business days.',
          keywords: ['shipping', 'delivery'],
        },
      ],
      orderSource: {
        type: 'http',
        urlTemplate: `${shop.url}/orders/{orderId}`,
        headers: { 'X-Shop-Key': 'shop-secret' },
      },
    });
    botId = bot.id;
  });
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => shop?.server.close(resolve));
  });

  it('greeting → FAQ → fallback → order → lead → escalation → team → resolve → bot again', async () => {
    const key = workspace.ownerKey;
    const session = await api.call('POST', `/widget/v1/bots/${botId}/sessions`, {
      body: { customer: { name: 'Dana Reyes' } },
    });
    expect(session.status).toBe(201);
    const { sessionId, conversationId, sessionToken } = session.body;
    expect(session.body).toEqual({
      sessionId: expect.stringMatching(/^ses_/),
      conversationId: expect.stringMatching(/^cnv_/),
      sessionToken: expect.stringMatching(/^nhx_wt_[0-9A-Za-z]{40}$/),
      messages: [
        { id: expect.stringMatching(/^msg_/), author: 'bot', text: 'Hi! How can I help?', sentAt: ISO },
      ],
    });
    const say = async (text: string) => {
      const res = await api.call('POST', `/widget/v1/sessions/${sessionId}/messages`, {
        key: sessionToken,
        body: { text },
      });
      expect(res.status, res.text).toBe(201);
      return res.body.messages as { id: string; author: string; text: string; sentAt: string }[];
    };
    const texts = (messages: { author: string; text: string }[]) => messages.map((m) => [m.author, m.text]);

    const faq = await say('When are you open? What are your hours?');
    expect(texts(faq)).toEqual([
      ['customer', 'When are you open? What are your hours?'],
      ['bot', "We're open 9-5, Monday to Friday."],
    ]);

    const fallback = await say('Do you sell purple umbrellas?');
    expect(texts(fallback)).toEqual([
      ['customer', 'Do you sell purple umbrellas?'],
      ['bot', "Sorry, I didn't catch that. Could you rephrase?"],
    ]);

    const order = await say('Where is my order #1001?');
    expect(texts(order)).toEqual([
      ['customer', 'Where is my order #1001?'],
      ['bot', 'Order #1001 is shipped.'],
    ]);
    expect(shop.requests.at(-1)).toMatchObject({ 'x-shop-key': 'shop-secret', accept: 'application/json' });

    const lead = await say('You can email me at dana@example.com');
    expect(texts(lead)).toEqual([
      ['customer', 'You can email me at dana@example.com'],
      ['bot', "Thanks! We've noted dana@example.com; our team can follow up there."],
    ]);

    const escalation = await say('I want to talk to a human please');
    expect(texts(escalation)).toEqual([
      ['customer', 'I want to talk to a human please'],
      ['bot', HANDOVER_MESSAGE],
    ]);

    const teamReply = await api.call('POST', '/api/v1/actions/send-message', {
      key,
      body: { conversationId, message: 'Hi Dana, Sarah from Support here.' },
    });
    expect(teamReply.status).toBe(201);
    const whileTeam = await say('Thanks Sarah, how long does shipping take?');
    expect(texts(whileTeam)).toEqual([['customer', 'Thanks Sarah, how long does shipping take?']]);
    const polled = await api.call(
      'GET',
      `/widget/v1/sessions/${sessionId}/messages?after=${escalation[1].id}`,
      {
        key: sessionToken,
      },
    );
    expect(polled.status).toBe(200);
    expect(texts(polled.body.messages)).toEqual([
      ['team', 'Hi Dana, Sarah from Support here.'],
      ['customer', 'Thanks Sarah, how long does shipping take?'],
    ]);

    const resolved = await api.call('POST', '/api/v1/actions/resolve-conversation', {
      key,
      body: { conversationId },
    });
    expect(resolved.status).toBe(200);

    const again = await say('One more thing: how long does shipping take?');
    expect(texts(again)).toEqual([
      ['customer', 'One more thing: how long does shipping take?'],
      ['bot', 'Orders ship within 2 business days.'],
    ]);
    const detail = await api.call('GET', `/api/v1/conversations/${conversationId}`, { key });
    expect(detail.body).toMatchObject({ status: 'open', handler: 'bot', messageCount: 15, resolvedAt: null });

    // The leads table has the bot's lead.
    const leads = await api.db.query(
      `SELECT captured_fields, source, api_key_id FROM leads WHERE conversation_id = $1`,
      [conversationId],
    );
    expect(leads).toEqual([
      { captured_fields: { email: 'dana@example.com' }, source: 'bot', api_key_id: null },
    ]);

    // The outbox, in commit order: exactly these events with these data fields.
    const events = await api.call('GET', '/api/v1/events?limit=100', { key });
    expect(events.status).toBe(200);
    const all = events.body.events as { type: string; data: Record<string, any>; workspaceId: string }[];
    for (const event of all) expect(event.workspaceId).toBe(workspace.workspaceId);
    const common = { conversationId, botId, sessionId };
    const sent = (channel: string, confidence: unknown, wasFallback = false) => ({
      type: 'message.sent',
      data: {
        ...common,
        messageId: expect.stringMatching(/^msg_/),
        channel,
        confidenceScore: confidence,
        wasFallback,
        sentAt: ISO,
      },
    });
    const confident = expect.toSatisfy((score: number) => score >= 0.5 && score <= 1);
    const low = expect.toSatisfy((score: number) => score >= 0 && score < 0.5);
    const leadId = expect.stringMatching(/^lead_/);
    expect(all.map(({ type, data }) => ({ type, data }))).toEqual([
      sent('bot', null), // greeting
      sent('widget', null),
      sent('bot', confident),
      sent('widget', null),
      sent('bot', low, true),
      {
        type: 'conversation.fallback',
        data: {
          ...common,
          lastMessage: 'Do you sell purple umbrellas?',
          confidenceScore: low,
          fellBackAt: ISO,
        },
      },
      sent('widget', null),
      {
        type: 'order.lookup',
        data: { ...common, orderId: '1001', lookupSource: 'http', lookedUpAt: ISO },
      },
      sent('bot', 1),
      sent('widget', null),
      {
        type: 'lead.captured',
        data: {
          conversationId,
          botId,
          leadId,
          capturedFields: { email: 'dana@example.com' },
          sessionId,
          capturedAt: ISO,
        },
      },
      sent('bot', 1),
      sent('widget', null),
      sent('bot', 1),
      {
        type: 'conversation.escalation',
        data: {
          ...common,
          reason: 'customer_requested',
          transcript: [
            { author: 'bot', text: 'Hi! How can I help?', sentAt: ISO },
            { author: 'customer', text: 'When are you open? What are your hours?', sentAt: ISO },
            { author: 'bot', text: "We're open 9-5, Monday to Friday.", sentAt: ISO },
            { author: 'customer', text: 'Do you sell purple umbrellas?', sentAt: ISO },
            { author: 'bot', text: "Sorry, I didn't catch that. Could you rephrase?", sentAt: ISO },
            { author: 'customer', text: 'Where is my order #1001?', sentAt: ISO },
            { author: 'bot', text: 'Order #1001 is shipped.', sentAt: ISO },
            { author: 'customer', text: 'You can email me at dana@example.com', sentAt: ISO },
            {
              author: 'bot',
              text: "Thanks! We've noted dana@example.com; our team can follow up there.",
              sentAt: ISO,
            },
            { author: 'customer', text: 'I want to talk to a human please', sentAt: ISO },
            { author: 'bot', text: HANDOVER_MESSAGE, sentAt: ISO },
          ],
          escalatedAt: ISO,
        },
      },
      sent('api', null), // the team's reply: the bot pauses
      sent('widget', null), // the customer, unanswered while the team has the thread
      { type: 'conversation.resolved', data: { ...common, resolvedAt: ISO } },
      sent('widget', null), // re-opens the conversation for the bot
      sent('bot', confident),
    ]);
    // Message ids in the events are the stored messages'.
    const stored = await api.db.query<{ id: string }>(
      `SELECT id FROM messages WHERE conversation_id = $1 ORDER BY seq`,
      [conversationId],
    );
    expect(all.filter((e) => e.type === 'message.sent').map((e) => e.data.messageId)).toEqual(
      stored.map((m) => m.id),
    );
  });

  it('escalates after the fallback limit, and answers a missing order and a down shop politely', async () => {
    const session = await api.call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {} });
    const { sessionId, sessionToken, conversationId } = session.body;
    const say = async (text: string) =>
      (
        await api.call('POST', `/widget/v1/sessions/${sessionId}/messages`, {
          key: sessionToken,
          body: { text },
        })
      ).body.messages as { author: string; text: string }[];

    expect((await say('order 4040 please'))[1].text).toBe(
      'Sorry, I could not find order #4040. Please check the number and try again.',
    );
    expect((await say('zebra quartet'))[1].text).toBe("Sorry, I didn't catch that. Could you rephrase?");
    const second = await say('xylophone lessons');
    expect(second[1].text).toMatch(/passing you to our team/);
    const events = await api.db.query<{ type: string; data: any }>(
      `SELECT type, data FROM events WHERE data->>'conversationId' = $1 ORDER BY txid, seq`,
      [conversationId],
    );
    expect(events.map((e) => e.type)).toEqual([
      'message.sent',
      'message.sent',
      'message.sent', // order 4040: not found, no order.lookup
      'message.sent',
      'message.sent',
      'conversation.fallback',
      'message.sent',
      'message.sent',
      'conversation.fallback',
      'conversation.escalation',
    ]);
    expect(events.at(-1)!.data.reason).toBe('fallback_limit');
    const [conversation] = await api.db.query(
      `SELECT status, handler, consecutive_fallbacks FROM conversations WHERE id = $1`,
      [conversationId],
    );
    expect(conversation).toEqual({ status: 'escalated', handler: 'team', consecutive_fallbacks: 0 });

    // The same email twice in one conversation is one lead; a new phone number is another.
    const repeat = await api.call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {} });
    for (const text of ['dana@example.com', 'again: dana@example.com', 'dana@example.com, +1 415 555 0134']) {
      await api.call('POST', `/widget/v1/sessions/${repeat.body.sessionId}/messages`, {
        key: repeat.body.sessionToken,
        body: { text },
      });
    }
    const leads = await api.db.query(
      `SELECT captured_fields FROM leads WHERE conversation_id = $1 ORDER BY created_at`,
      [repeat.body.conversationId],
    );
    expect(leads).toEqual([
      { captured_fields: { email: 'dana@example.com' } },
      { captured_fields: { email: 'dana@example.com', phone: '+1 415 555 0134' } },
    ]);

    // The shop going away: the bot says so, no order.lookup.
    const other = await api.call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {} });
    await new Promise((resolve) => shop.server.close(resolve));
    const down = await api.call('POST', `/widget/v1/sessions/${other.body.sessionId}/messages`, {
      key: other.body.sessionToken,
      body: { text: 'status of #1001?' },
    });
    expect(down.status).toBe(201);
    expect(down.body.messages[1].text).toBe(
      'Sorry, I could not look up order #1001 right now. Please try again in a few minutes.',
    );
  });
});
