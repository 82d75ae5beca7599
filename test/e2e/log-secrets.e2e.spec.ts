import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';
import { captureLogs } from '../support/logs';

interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Records every statement this process sends to PostgreSQL with its parameters, as the driver gets
 * them: the values a refused INSERT carried (a new key's hash, a sealed value) are read back from
 * here. MikroORM loads its own copy of `pg`, so both copies are observed.
 */
function recordStatements(): { statements: Statement[]; restore(): void } {
  const statements: Statement[] = [];
  const copies = new Set<{ Client: { prototype: { query: (...args: unknown[]) => unknown } } }>([
    createRequire(require.resolve('@mikro-orm/postgresql'))('pg'),
    createRequire(__filename)('pg'),
  ]);
  const restores: (() => void)[] = [];
  for (const pg of copies) {
    const proto = pg.Client.prototype;
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const [config, values] = args as [{ text?: string; values?: unknown[] } | string, unknown];
      const text = typeof config === 'string' ? config : config?.text;
      if (text) {
        const params = Array.isArray(values) ? values : typeof config === 'object' ? config.values : [];
        statements.push({ text, values: params ?? [] });
      }
      return original.apply(this, args);
    };
    restores.push(() => (proto.query = original));
  }
  return { statements, restore: () => restores.forEach((restore) => restore()) };
}

/** The items of a parenthesised SQL list starting at `open`, as text; quoted literals unquoted. */
function sqlList(text: string, open: number): string[] {
  const items: string[] = [];
  let item = '';
  let depth = 0;
  for (let i = open + 1; i < text.length; i += 1) {
    const char = text[i];
    if (char === "'") {
      const end = text.indexOf("'", i + 1);
      item += text.slice(i + 1, end);
      i = end;
    } else if (char === '(') {
      depth += 1;
      item += char;
    } else if (char === ')' && depth > 0) {
      depth -= 1;
      item += char;
    } else if ((char === ',' || char === ')') && depth === 0) {
      items.push(item.trim().replace(/"/g, ''));
      item = '';
      if (char === ')') break;
    } else item += char;
  }
  return items;
}

/**
 * The value the last INSERT into `table` gave `column`. MikroORM inlines parameters into the
 * statement's text; a statement with placeholders gets them from its values.
 */
function inserted(statements: Statement[], table: string, column: string): string {
  const insert = statements.findLast((s) =>
    new RegExp(`^\\s*insert\\s+into\\s+"?${table}"?\\s*\\(`, 'i').test(s.text),
  );
  if (!insert) throw new Error(`no INSERT into ${table} was sent`);
  const columns = sqlList(insert.text, insert.text.indexOf('('));
  const values = sqlList(insert.text, insert.text.indexOf('(', insert.text.search(/\)\s*values\s*\(/i) + 1));
  let value: unknown = values[columns.indexOf(column)];
  const placeholder = typeof value === 'string' ? /^\$(\d+)$/.exec(value) : null;
  if (placeholder) value = insert.values[Number(placeholder[1]) - 1];
  if (typeof value !== 'string' || value.length < 16) {
    throw new Error(`INSERT into ${table}: no ${column} value among ${columns.join(', ')}`);
  }
  return value;
}

/** Any key-shaped token longer than a masked one (`nhx_sk_4fQz…`). */
const UNMASKED_TOKEN = /(nhx_sk_|nhx_wt_|whsec_)[0-9A-Za-z+/=]{5,}/;

describe('error logs: a refused statement is logged by its code, constraint and table, never its values', () => {
  const logs = captureLogs('trace');
  const driver = recordStatements();
  let api: TestApi;
  let ws: SeededWorkspace;
  let session: { sessionId: string; sessionToken: string };

  beforeAll(async () => {
    api = await startTestApi({}, { logger: logs.logger });
    ws = await api.createWorkspace();
    const bot = await api.createBot(ws.workspaceId, 'Helper');
    session = (await api.call('POST', `/widget/v1/bots/${bot.id}/sessions`, { body: {} })).body;
    // The database refuses every new row of these tables, as it would a value breaking a constraint.
    for (const table of ['api_keys', 'hook_subscriptions', 'messages']) {
      await api.db.query(`ALTER TABLE ${table} ADD CONSTRAINT log_probe_refuse CHECK (false) NOT VALID`);
    }
  });
  afterAll(async () => {
    driver.restore();
    await api?.close();
  });

  /** Lets the request's last log lines (written after the answer) arrive. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  /** The `unhandled error` line of a request: it names the refusal without its values. */
  function errorLine(requestId: string): Record<string, any> {
    const line = logs.lines.map((l) => JSON.parse(l)).find((l) => l.requestId === requestId && l.err);
    expect(line, `an error line for ${requestId}`).toBeDefined();
    return line;
  }

  function expectInternal(res: { status: number; body: any }): void {
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: {
        code: 'internal',
        message: expect.any(String),
        requestId: expect.stringMatching(/^req_/),
        details: [],
      },
    });
  }

  /** What no line may hold: the values sent and stored, the statement, PostgreSQL's detail. */
  function expectClean(values: string[]): void {
    const offending = (test: (line: string) => boolean) => logs.lines.filter(test);
    for (const value of values)
      expect(
        offending((line) => line.includes(value)),
        value,
      ).toEqual([]);
    expect(offending((line) => /insert into/i.test(line))).toEqual([]);
    expect(offending((line) => line.includes('Failing row contains'))).toEqual([]);
    expect(offending((line) => UNMASKED_TOKEN.test(line))).toEqual([]);
  }

  it.each([false, true])('POST /api/v1/auth/keys (deferReveal: %s)', async (deferReveal) => {
    const name = `probe-key-name-${deferReveal ? 'deferred' : 'shown'}-5d1c`;
    const res = await api.call('POST', '/api/v1/auth/keys', {
      key: ws.ownerKey,
      body: { name, deferReveal },
    });
    expectInternal(res);
    const hash = inserted(driver.statements, 'api_keys', 'key_hash');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const values = [name, hash];
    if (deferReveal) values.push(inserted(driver.statements, 'api_keys', 'reveal_ciphertext'));
    await settle();
    expectClean(values);
    expect(errorLine(res.body.error.requestId).err).toMatchObject({
      code: '23514',
      constraint: 'log_probe_refuse',
      table: 'api_keys',
      type: expect.stringMatching(/ConstraintViolation/),
    });
  });

  it('POST /api/v1/hooks', async () => {
    const targetUrl = 'https://hooks.example.com/probe-target-url-8e2f';
    const description = 'probe-hook-description-41aa';
    const res = await api.call('POST', '/api/v1/hooks', {
      key: ws.ownerKey,
      body: { event: 'message.sent', targetUrl, description },
    });
    expectInternal(res);
    const sealed = inserted(driver.statements, 'hook_subscriptions', 'sealed_secret');
    await settle();
    expectClean(['probe-target-url-8e2f', description, sealed]);
    expect(errorLine(res.body.error.requestId).err).toMatchObject({
      code: '23514',
      constraint: 'log_probe_refuse',
      table: 'hook_subscriptions',
    });
  });

  it('POST /widget/v1/sessions/{id}/messages', async () => {
    const text = 'probe-widget-text-93b7: where is my parcel?';
    const res = await api.call('POST', `/widget/v1/sessions/${session.sessionId}/messages`, {
      key: session.sessionToken,
      body: { text },
    });
    expectInternal(res);
    await settle();
    expectClean(['probe-widget-text-93b7', session.sessionToken.slice(12)]);
    expect(errorLine(res.body.error.requestId).err).toMatchObject({
      code: '23514',
      constraint: 'log_probe_refuse',
      table: 'messages',
    });
  });

  it('masks key-shaped tokens in a logged path', async () => {
    const res = await api.call('GET', `/api/v1/auth/keys/${ws.ownerKey}`, { key: ws.ownerKey });
    expect(res.status).toBe(404);
    await settle();
    expectClean([ws.ownerKey.slice(12)]);
    const line = logs.lines.map((l) => JSON.parse(l)).find((l) => l.requestId === res.body.error.requestId);
    expect(line.path).toBe(`/api/v1/auth/keys/${ws.ownerKey.slice(0, 11)}…`);
  });
});
