import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { cleanEnv, Processes, secretKey } from '../support/processes';
import { deleteRedisKeys } from '../support/test-app';

/**
 * The built CLI (`node dist/cli.js`) as an operator runs it: a bot's order source is checked like a
 * webhook target before it is stored, and a statement the database refuses is reported without
 * the statement or its values.
 */
describe('nebulahex CLI: order-source targets and database refusals', () => {
  const processes = new Processes();
  const redisPrefix = `nhx-test-${randomBytes(6).toString('hex')}`;
  let db: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let workspace: { workspace: { id: string }; member: { id: string } };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'nhx-cli-guards-'));
    env = cleanEnv({
      DATABASE_URL: db.url,
      NHX_SECRET_KEY: secretKey(),
      REDIS_URL: inject('redisUrl'),
      NHX_REDIS_PREFIX: redisPrefix,
    });
    const created = await processes.cli(
      ['workspace', 'create', '--name', 'Guards', '--owner-email', 'guard@acme.example'],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    workspace = JSON.parse(created.stdout);
  }, 60_000);
  afterAll(async () => {
    await processes.stopAll();
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
    await deleteRedisKeys(inject('redisUrl'), redisPrefix);
  });

  async function botCreate(urlTemplate: string) {
    const file = join(dir, `${randomBytes(4).toString('hex')}.json`);
    await writeFile(file, JSON.stringify({ orderSource: { type: 'http', urlTemplate } }));
    return processes.cli(
      ['bot', 'create', '--workspace', workspace.workspace.id, '--name', 'Shop', '--config', file],
      env,
    );
  }

  it('bot create --config refuses an order source no webhook could target (exit 2), stores a public one', async () => {
    const [compatible, mapped, plain, placeholderHost, good] = await Promise.all([
      botCreate('https://[::a9fe:a9fe]/latest/{orderId}'),
      botCreate('https://[::ffff:10.0.0.1]/orders/{orderId}'),
      botCreate('http://shop.example.com/orders/{orderId}'),
      botCreate('https://21307{orderId}/orders'),
      botCreate('https://shop.example.com/orders/{orderId}'),
    ]);
    for (const refused of [compatible, mapped, plain, placeholderHost]) {
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/invalid bot configuration:\n\s+- orderSource\.urlTemplate must /);
    }
    expect(compatible.stderr).toMatch(/IPv4-compatible/);
    expect(plain.stderr).toMatch(/must use https/);
    expect(good.code, good.stderr).toBe(0);
    const bots = await db.query<{ config: { orderSource: { urlTemplate: string } } }>(
      'SELECT config FROM bots WHERE workspace_id = $1',
      [workspace.workspace.id],
    );
    expect(bots.map((bot) => bot.config.orderSource.urlTemplate)).toEqual([
      'https://shop.example.com/orders/{orderId}',
    ]);
  }, 120_000);

  it('key create: a refused insert is reported by its code, table and constraint, without its values', async () => {
    await db.query(`ALTER TABLE api_keys ADD CONSTRAINT cli_probe_refuse CHECK (false) NOT VALID`);
    const name = 'probe-cli-key-name-6c0d';
    const refused = await processes.cli(
      ['key', 'create', '--member', workspace.member.id, '--name', name],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('database error 23514 (table api_keys, constraint cli_probe_refuse)');
    expect(refused.stderr).not.toContain(name);
    expect(refused.stderr).not.toMatch(/insert into|Failing row|[0-9a-f]{64}/i);
    expect(refused.stderr).not.toMatch(/nhx_sk_[0-9A-Za-z]{5,}/);
  }, 60_000);
});
