import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ESCALATION_REASONS } from '../../src/modules/events/event-types';
import { DEMO_ORDERS } from '../../src/cli/demo-data';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { httpClient, type ApiResponse, type HttpClient } from '../support/http';
import {
  cleanEnv,
  freePort,
  Processes,
  ROOT,
  secretKey,
  waitForHealthy,
  type Finished,
} from '../support/processes';

/**
 * `nebulahex demo` as operators run it (`node dist/cli.js demo`, twice, on a database of its own),
 * then the API (`node dist/main.js`) on the same database: the printed key works, and the seeded
 * workspace answers every read endpoint. Last, the API page's curl examples, run verbatim with the
 * real curl against the demo data.
 */

/** The API page's examples, as printed there (hero, and §06 "Code examples"). */
const PAGE_HERO_SEND_MESSAGE = String.raw`# Send a programmatic reply into a live conversation
curl -X POST \
"https://nebulahex.com/api/v1/actions/send-message" \
-H "Authorization: Bearer nhx_sk_•••" \
-H "Content-Type: application/json" \
-d '{
"conversationId": "cnv_4a7b2",
"message": "Hi — Sarah from Support here."
}'`;

const PAGE_LIST_BOTS = String.raw`# GET /api/v1/bots
curl https://nebulahex.com/api/v1/bots \
  -H "Authorization: Bearer $NEBULAHEX_API_KEY"`;

const PAGE_SEND_AND_RESOLVE = String.raw`# Step 1: Send a reply as your team
curl -X POST \
  https://nebulahex.com/api/v1/actions/send-message \
  -H "Authorization: Bearer $NEBULAHEX_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"conversationId":"cnv_4a7b2", "message":"Refund processed, you’ll see it in 3 business days."}'

# Step 2: Mark the conversation resolved so the bot takes over next message
curl -X POST \
  https://nebulahex.com/api/v1/actions/resolve-conversation \
  -H "Authorization: Bearer $NEBULAHEX_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"conversationId":"cnv_4a7b2"}'`;

const CURL = '/usr/bin/curl';
/** The API page, where the repository's `shared/` sits beside it (as on the dev and CI machines). */
const PAGE_FILE = join(ROOT, '..', 'shared', 'reference', 'nebulahex-api-v1.txt');

/** Every successful command prints exactly one line: one JSON object. */
function demoOutput(result: Finished): any {
  expect(result, `stderr: ${result.stderr}`).toMatchObject({ code: 0, signal: null });
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]);
}

/** Every page of a list endpoint. */
async function all(call: HttpClient, key: string, path: string, items: string): Promise<any[]> {
  const found: any[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: ApiResponse = await call(
      'GET',
      `${path}${separator}limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      {
        key,
      },
    );
    expect(page.status, page.text).toBe(200);
    found.push(...page.body[items]);
    cursor = page.body.nextCursor;
  } while (cursor);
  return found;
}

/**
 * Runs a page example with bash and the real curl. The only change to the command text is the one
 * `substitute` makes (host, key, conversation id); `$NEBULAHEX_API_KEY` is set in the environment as
 * the page expects. A `.curlrc` (read through `CURL_HOME`) adds the status after each body, so the
 * commands themselves stay as printed.
 */
async function runPageExample(
  script: string,
  env: Record<string, string>,
): Promise<{ status: number; body: any }[]> {
  const home = await mkdtemp(join(tmpdir(), 'nhx-curl-'));
  try {
    await writeFile(
      join(home, '.curlrc'),
      'silent\nshow-error\nwrite-out = "\\n--nhx-status %{http_code}\\n"\n',
    );
    const childEnv = { PATH: '/usr/bin:/bin', HOME: home, CURL_HOME: home, ...env };
    expect(
      spawnSync('/bin/bash', ['-c', 'command -v curl'], { env: childEnv, encoding: 'utf8' }).stdout.trim(),
    ).toBe(CURL);
    const child = spawn('/bin/bash', ['-e', '-c', script], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child.once('close', done));
    expect(code, `stderr: ${stderr}\nstdout: ${stdout}`).toBe(0);
    const parts = stdout.split(/\n--nhx-status (\d{3})\n/);
    const responses: { status: number; body: any }[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      responses.push({ status: Number(parts[i + 1]), body: JSON.parse(parts[i]) });
    }
    expect(parts[parts.length - 1]).toBe('');
    return responses;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** The page's text for the demo: only the host, the placeholder key and the conversation id change. */
function forDemo(text: string, values: { baseUrl: string; key?: string; conversationId?: string }): string {
  let result = text;
  const swap = (from: string, to: string | undefined) => {
    if (to === undefined) return;
    expect(result).toContain(from);
    result = result.replaceAll(from, to);
  };
  swap('https://nebulahex.com', values.baseUrl);
  swap('nhx_sk_•••', values.key);
  swap('cnv_4a7b2', values.conversationId);
  return result;
}

describe('nebulahex demo, then the API on its data', () => {
  const processes = new Processes();
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let call: HttpClient;
  let baseUrl: string;
  let first: any;
  let second: any;
  const startedAt = Date.now();

  beforeAll(async () => {
    db = await createTestDatabase();
    env = cleanEnv({ DATABASE_URL: db.url, NHX_SECRET_KEY: secretKey(), REDIS_URL: inject('redisUrl') });
    first = demoOutput(await processes.run('cli.js', ['demo'], env));
    second = demoOutput(await processes.run('cli.js', ['demo'], env));
    const port = await freePort();
    const server = processes.spawn('main.js', [], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealthy(baseUrl, server);
    call = httpClient(baseUrl);
  }, 90_000);

  afterAll(async () => {
    await processes.stopAll();
    await db?.drop();
  });

  it('prints the workspace, its owner, the key and the bots like `workspace create`, a new workspace each run', () => {
    for (const output of [first, second]) {
      expect(Object.keys(output)).toEqual(['workspace', 'member', 'apiKey', 'bots']);
      expect(output.workspace).toMatchObject({ id: expect.stringMatching(/^ws_/), name: expect.any(String) });
      expect(output.member).toMatchObject({
        id: expect.stringMatching(/^mem_/),
        workspaceId: output.workspace.id,
        email: 'demo@nebulahex.example',
        role: 'owner',
      });
      expect(output.apiKey).toMatchObject({
        id: expect.stringMatching(/^key_/),
        role: 'owner',
        memberId: output.member.id,
        key: expect.stringMatching(/^nhx_sk_[A-Za-z0-9]{32,}$/),
      });
      expect(output.bots).toHaveLength(3);
      for (const bot of output.bots) {
        expect(bot).toEqual({
          id: expect.stringMatching(/^bot_/),
          name: expect.any(String),
          isActive: expect.any(Boolean),
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          workspaceId: output.workspace.id,
        });
      }
      expect(output.bots.map((bot: any) => bot.isActive)).toEqual([true, true, false]);
    }
    expect(second.workspace.id).not.toBe(first.workspace.id);
    expect(second.apiKey.key).not.toBe(first.apiKey.key);
  });

  it("stores the bots' configuration in the shape `bot create --config` reads, with a knowledge base", async () => {
    const rows = await db.query<{ name: string; config: any }>(
      'SELECT name, config FROM bots WHERE workspace_id = $1 ORDER BY created_at',
      [first.workspace.id],
    );
    for (const { config } of rows) {
      expect(Object.keys(config).sort()).toEqual(
        [
          'greeting',
          'fallbackMessage',
          'confidenceThreshold',
          'fallbackLimit',
          'escalationPhrases',
          'leadCapture',
          'knowledgeBase',
          'orderSource',
        ].sort(),
      );
      expect(config.knowledgeBase.length).toBeGreaterThan(0);
      for (const entry of config.knowledgeBase) {
        expect(entry).toEqual({
          question: expect.any(String),
          answer: expect.any(String),
          keywords: expect.arrayContaining([expect.any(String)]),
        });
      }
      expect(config.orderSource).toEqual({ type: 'sample', orders: DEMO_ORDERS });
      expect(config.orderSource.orders['1001']).toEqual(expect.any(String));
    }
  });

  it('the printed key authenticates and lists the bots', async () => {
    const me = await call('GET', '/api/v1/auth/me', { key: first.apiKey.key });
    expect(me.status).toBe(200);
    expect(me.body.workspace).toEqual({ id: first.workspace.id, name: first.workspace.name });
    expect(me.body.member).toMatchObject({ id: first.member.id, role: 'owner' });
    expect(me.body.key).toMatchObject({ id: first.apiKey.id });

    const bots = await call('GET', '/api/v1/bots', { key: first.apiKey.key });
    expect(bots.status).toBe(200);
    expect(bots.body).toEqual({
      bots: first.bots.map(({ workspaceId: _, ...bot }: any) => bot),
      nextCursor: null,
    });
  });

  it('has conversations in every status, over the last days, with customer, bot and team messages', async () => {
    const key = first.apiKey.key;
    const conversations = await all(call, key, '/api/v1/conversations', 'conversations');
    expect(conversations.length).toBeGreaterThanOrEqual(18);
    const kinds = new Set(conversations.map((c) => `${c.status}/${c.handler}`));
    for (const kind of ['open/bot', 'open/team', 'escalated/team', 'resolved/bot', 'resolved/team']) {
      expect(kinds).toContain(kind);
    }
    // Newest first, all in the past, spread over more than two days.
    const updated = conversations.map((c) => Date.parse(c.updatedAt));
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    expect(Math.max(...updated)).toBeLessThan(startedAt);
    expect(Math.max(...updated) - Math.min(...updated)).toBeGreaterThan(48 * 3600_000);
    for (const c of conversations) {
      expect(Date.parse(c.createdAt)).toBeLessThanOrEqual(Date.parse(c.updatedAt));
      expect(c.resolvedAt !== null).toBe(c.status === 'resolved');
      if (c.status === 'escalated') expect(c.escalatedAt).not.toBeNull();
    }

    // Filters: every status on its own, and with a bot.
    const help = first.bots.find((bot: any) => bot.name === 'Help center bot');
    for (const status of ['open', 'escalated', 'resolved']) {
      const filtered = await all(call, key, `/api/v1/conversations?status=${status}`, 'conversations');
      expect(filtered.map((c) => c.id)).toEqual(
        conversations.filter((c) => c.status === status).map((c) => c.id),
      );
    }
    const helpOpen = await all(
      call,
      key,
      `/api/v1/conversations?status=open&botId=${help.id}`,
      'conversations',
    );
    expect(helpOpen.length).toBeGreaterThan(0);
    expect(helpOpen.every((c) => c.botId === help.id && c.status === 'open')).toBe(true);

    // Details: message counts add up; customers write in the widget, bots answer, teams through the API.
    const authors = new Set<string>();
    for (const c of conversations) {
      const detail = await call('GET', `/api/v1/conversations/${c.id}`, { key });
      expect(detail.status).toBe(200);
      expect(detail.body.messages).toHaveLength(c.messageCount);
      expect(detail.body.messages[0]).toMatchObject({ author: 'bot', channel: 'bot' }); // the greeting
      const times = detail.body.messages.map((m: any) => Date.parse(m.sentAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBe(Date.parse(c.createdAt));
      for (const m of detail.body.messages) {
        authors.add(`${m.author}/${m.channel}`);
        expect(m.apiKeyId).toBe(m.author === 'team' ? first.apiKey.id : null);
        if (m.author !== 'bot') expect(m.confidenceScore).toBeNull();
      }
    }
    expect([...authors].sort()).toEqual(['bot/bot', 'customer/widget', 'team/api']);

    const leads = await db.query<{ source: string; n: number }>(
      'SELECT source, count(*)::int AS n FROM leads WHERE workspace_id = $1 GROUP BY source ORDER BY source',
      [first.workspace.id],
    );
    expect(leads).toEqual([
      { source: 'bot', n: expect.any(Number) },
      { source: 'api', n: expect.any(Number) },
    ]);

    // Each workspace sees only its own.
    const other = await call('GET', `/api/v1/conversations/${conversations[0].id}`, {
      key: second.apiKey.key,
    });
    expect(other.status).toBe(404);
  });

  it('the outbox holds an event for every seeded message, lead, fallback, order lookup, escalation and resolve', async () => {
    const key = first.apiKey.key;
    const messages = await db.query<{ id: string; conversation_id: string; created_at: Date }>(
      'SELECT id, conversation_id, created_at FROM messages WHERE workspace_id = $1',
      [first.workspace.id],
    );
    // Every event of a committed transaction is listed at once, whatever else runs on the server.
    const events = await all(call, key, '/api/v1/events', 'events');
    const sent = events.filter((e) => e.type === 'message.sent');
    expect(sent.map((e) => e.data.messageId).sort()).toEqual(messages.map((m) => m.id).sort());
    const byId = new Map(messages.map((m) => [m.id, m]));
    for (const event of sent) {
      const message = byId.get(event.data.messageId)!;
      expect(event.data.conversationId).toBe(message.conversation_id);
      expect(event.data.sentAt).toBe(message.created_at.toISOString());
      expect(event.createdAt).toBe(event.data.sentAt);
    }

    const count = (type: string) => events.filter((e) => e.type === type).length;
    const [{ n: leadCount }] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM leads WHERE workspace_id = $1',
      [first.workspace.id],
    );
    expect(count('lead.captured')).toBe(leadCount);
    expect(count('conversation.fallback')).toBeGreaterThan(0);
    expect(count('order.lookup')).toBeGreaterThan(0);
    expect(count('conversation.escalation')).toBeGreaterThan(0);
    expect(count('conversation.resolved')).toBeGreaterThan(0);
    expect(events.every((e) => e.workspaceId === first.workspace.id)).toBe(true);
    // In the order they happened.
    const times = events.map((e) => Date.parse(e.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const escalation = events.find((e) => e.type === 'conversation.escalation');
    expect(ESCALATION_REASONS).toContain(escalation.data.reason);
    expect(escalation.data.transcript.length).toBeGreaterThan(1);
  });

  it("hands over in the runtime's order: the handover reply, the fallback at the limit, then the escalation", async () => {
    const key = first.apiKey.key;
    const events = await all(call, key, '/api/v1/events', 'events');
    const escalations = events.flatMap((event, index) =>
      event.type === 'conversation.escalation' ? [{ escalation: event, index }] : [],
    );
    expect(escalations.map(({ escalation }) => escalation.data.reason).sort()).toEqual([
      'customer_requested',
      'customer_requested',
      'customer_requested',
      'customer_requested',
      'fallback_limit',
    ]);
    for (const { escalation, index } of escalations) {
      const { conversationId } = escalation.data;
      const atLimit = escalation.data.reason === 'fallback_limit';
      const before = events.slice(index - (atLimit ? 2 : 1), index);
      expect(before.map((e) => e.type)).toEqual(
        atLimit ? ['message.sent', 'conversation.fallback'] : ['message.sent'],
      );
      const handover = before[0].data;
      expect(handover).toMatchObject({ conversationId, channel: 'bot', wasFallback: atLimit });
      if (atLimit) expect(before[1].data).toMatchObject({ conversationId, fellBackAt: handover.sentAt });
      expect(escalation.data.escalatedAt).toBe(handover.sentAt);
      expect(escalation.createdAt).toBe(handover.sentAt);

      // The transcript is the conversation's messages up to the handover, as stored, times included.
      const detail = await call('GET', `/api/v1/conversations/${conversationId}`, { key });
      const messages = detail.body.messages as any[];
      const upTo = messages.findIndex((m) => m.id === handover.messageId);
      expect(messages[upTo]).toMatchObject({ author: 'bot', sentAt: handover.sentAt });
      expect(escalation.data.transcript).toEqual(
        messages.slice(0, upTo + 1).map((m) => ({ author: m.author, text: m.text, sentAt: m.sentAt })),
      );
      expect(detail.body.escalatedAt).toBe(escalation.data.escalatedAt);
    }
  });

  it("answers the README's order example in a widget chat with the status, and order.lookup reaches the feed", async () => {
    const key = first.apiKey.key;
    const bot = first.bots.find((b: any) => b.isActive);
    // A consumer that only wants what is new starts from now.
    const now = await call('GET', '/api/v1/events?after=now', { key });
    expect(now.body).toEqual({ events: [], nextCursor: expect.any(String) });
    const session = await call('POST', `/widget/v1/bots/${bot.id}/sessions`, { body: {} });
    expect(session.status, session.text).toBe(201);
    const sent = await call('POST', `/widget/v1/sessions/${session.body.sessionId}/messages`, {
      headers: { authorization: `Bearer ${session.body.sessionToken}` },
      body: { text: 'Where is order #1001?' },
    });
    expect(sent.status, sent.text).toBe(201);
    expect(sent.body.messages.map((m: any) => [m.author, m.text])).toEqual([
      ['customer', 'Where is order #1001?'],
      ['bot', `Order #1001 is ${DEMO_ORDERS['1001']}.`],
    ]);
    const unknown = await call('POST', `/widget/v1/sessions/${session.body.sessionId}/messages`, {
      headers: { authorization: `Bearer ${session.body.sessionToken}` },
      body: { text: 'And order 999999?' },
    });
    expect(unknown.body.messages[1].text).toMatch(/could(n't| not) find/i);
    const feed = await call('GET', `/api/v1/events?cursor=${now.body.nextCursor}`, { key });
    expect(feed.status, feed.text).toBe(200);
    const lookups = feed.body.events.filter((e: any) => e.type === 'order.lookup');
    expect(lookups).toEqual([
      {
        id: expect.stringMatching(/^evt_/),
        type: 'order.lookup',
        createdAt: expect.any(String),
        workspaceId: first.workspace.id,
        data: {
          conversationId: session.body.conversationId,
          botId: bot.id,
          sessionId: session.body.sessionId,
          orderId: '1001',
          lookupSource: 'sample',
          lookedUpAt: expect.any(String),
        },
      },
    ]);
    // The greeting, the question, the lookup, its answer; then the unknown order and its answer.
    expect(feed.body.events.map((e: any) => e.type)).toEqual([
      'message.sent',
      'message.sent',
      'order.lookup',
      'message.sent',
      'message.sent',
      'message.sent',
    ]);
  });

  describe("the API page's curl examples, verbatim, with the real curl", () => {
    // The second demo workspace, so that these writes leave the first one as seeded.
    let key: string;
    let conversations: any[];

    beforeAll(async () => {
      expect(existsSync(CURL), `${CURL} is missing: install curl (apt-get install curl)`).toBe(true);
      key = second.apiKey.key;
      conversations = await all(call, key, '/api/v1/conversations', 'conversations');
    });

    it('are the text the page prints', () => {
      if (!existsSync(PAGE_FILE)) return; // the repository alone: nothing to compare with
      const page = readFileSync(PAGE_FILE, 'utf8');
      for (const example of [PAGE_HERO_SEND_MESSAGE, PAGE_LIST_BOTS, PAGE_SEND_AND_RESOLVE]) {
        expect(page).toContain(example);
      }
    });

    it('list bots (§06)', async () => {
      const [response, ...rest] = await runPageExample(forDemo(PAGE_LIST_BOTS, { baseUrl }), {
        NEBULAHEX_API_KEY: key,
      });
      expect(rest).toEqual([]);
      expect(response.status).toBe(200);
      expect(response.body.bots).toHaveLength(3);
      for (const bot of response.body.bots)
        expect(Object.keys(bot)).toEqual(['id', 'name', 'isActive', 'createdAt']);
      expect(response.body.bots[0]).toMatchObject({ name: 'Help center bot', isActive: true });
    });

    it('send a programmatic reply into a live conversation (hero)', async () => {
      const live = conversations.find((c) => c.status === 'open' && c.handler === 'bot');
      const [response, ...rest] = await runPageExample(
        forDemo(PAGE_HERO_SEND_MESSAGE, { baseUrl, key, conversationId: live.id }),
        {},
      );
      expect(rest).toEqual([]);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        messageId: expect.stringMatching(/^msg_/),
        conversationId: live.id,
        channel: 'api',
        sentAt: expect.any(String),
        handler: 'team',
      });
      const detail = await call('GET', `/api/v1/conversations/${live.id}`, { key });
      expect(detail.body).toMatchObject({ status: 'open', handler: 'team' });
      expect(detail.body.messages.at(-1)).toMatchObject({
        id: response.body.messageId,
        author: 'team',
        channel: 'api',
        text: 'Hi — Sarah from Support here.',
        apiKeyId: second.apiKey.id,
      });
    });

    it('inject a message and resolve a conversation (§06)', async () => {
      const escalated = conversations.find((c) => c.status === 'escalated');
      const [sent, resolved, ...rest] = await runPageExample(
        forDemo(PAGE_SEND_AND_RESOLVE, { baseUrl, conversationId: escalated.id }),
        { NEBULAHEX_API_KEY: key },
      );
      expect(rest).toEqual([]);
      expect(sent.status).toBe(201);
      expect(sent.body).toMatchObject({ conversationId: escalated.id, channel: 'api', handler: 'team' });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toEqual({
        conversationId: escalated.id,
        status: 'resolved',
        resolvedAt: expect.any(String),
      });
      const detail = await call('GET', `/api/v1/conversations/${escalated.id}`, { key });
      expect(detail.body).toMatchObject({ status: 'resolved', resolvedAt: resolved.body.resolvedAt });
      expect(detail.body.messages.at(-1)).toMatchObject({
        text: 'Refund processed, you’ll see it in 3 business days.',
        channel: 'api',
      });
      const events = await all(call, key, '/api/v1/events', 'events');
      expect(
        events.find((e) => e.type === 'message.sent' && e.data.messageId === sent.body.messageId)?.data,
      ).toMatchObject({
        conversationId: escalated.id,
        channel: 'api',
      });
      expect(
        events
          .filter((e) => e.type === 'conversation.resolved' && e.data.conversationId === escalated.id)
          .at(-1)?.data,
      ).toMatchObject({ resolvedAt: resolved.body.resolvedAt });
    });
  });
});
