import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { httpClient } from '../support/http';
import {
  cleanEnv,
  freePort,
  Processes,
  secretKey,
  waitForHealthy,
  type Exit,
  type ManagedProcess,
} from '../support/processes';
import { deleteRedisKeys } from '../support/test-app';

/**
 * The built processes (`dist/*.js`, as `npm start`, `npm run start:api`, `npm run start:worker` and
 * the `nebulahex` CLI run them), spawned as real child processes with a clean environment.
 */

/** The Redis namespace of this file's processes, removed when the file is done. */
const testRedisPrefix = `nhx-test-${randomBytes(6).toString('hex')}`;
afterAll(() => deleteRedisKeys(inject('redisUrl'), testRedisPrefix));

/** Every successful command prints exactly one line: one JSON object. */
function oneJsonObject(stdout: string): any {
  expect(stdout.endsWith('\n')).toBe(true);
  const lines = stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  const parsed: unknown = JSON.parse(lines[0]);
  expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
  return parsed;
}

function expectSucceeded(result: Exit & { stdout: string; stderr: string }): any {
  expect(result, `stderr: ${result.stderr}`).toMatchObject({ code: 0, signal: null });
  return oneJsonObject(result.stdout);
}

/** A usage or input mistake: exit 2, a message on stderr, nothing on stdout. */
function expectRefused(result: Exit & { stdout: string; stderr: string }, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at\s/m);
}

const STACK_FRAME = /^\s+at\s/m;

/** A service's last JSON log line. */
function lastLogLine(server: ManagedProcess): { msg?: string } {
  return JSON.parse(server.stdout.trim().split('\n').at(-1) ?? '{}') as { msg?: string };
}

/** The embedded cluster's postmaster pid, when its `postmaster.pid` names a live process. */
async function livePostmaster(dataDir: string): Promise<number | null> {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Processes whose command line mentions `pattern` (pgrep -f), excluding none of ours by design. */
function processesMatching(pattern: string): string[] {
  const result = spawnSync('pgrep', ['-af', pattern], { encoding: 'utf8' });
  return result.stdout.split('\n').filter((line) => line.trim() !== '');
}

describe('all-in-one on the embedded default (npm start)', () => {
  const processes = new Processes();
  let dataDir: string;
  const startTimes: number[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'nhx-e2e-embedded-'));
  });

  afterEach(async () => {
    await processes.stopAll();
  });

  afterAll(async () => {
    await processes.stopAll();
    // Never leave a PostgreSQL behind, even when the service failed to stop it.
    const pid = await livePostmaster(dataDir);
    if (pid !== null) {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && (await livePostmaster(dataDir)) !== null; i++) await sleep(100);
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts with no DATABASE_URL, serves the CLI and the API, stops cleanly and keeps its data across restarts', async () => {
    const env = (port: number) => cleanEnv({ NHX_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });

    // First start: initialises the cluster, creates the database, migrates.
    const port = await freePort();
    const server = processes.spawn('start.js', [], env(port));
    const baseUrl = `http://127.0.0.1:${port}`;
    startTimes.push(await waitForHealthy(baseUrl, server));
    const call = httpClient(baseUrl);

    // The CLI attaches to the cluster the running service started.
    const created = expectSucceeded(
      await processes.cli(
        ['workspace', 'create', '--name', 'N', '--owner-email', 'e@x.example'],
        cleanEnv({ NHX_DATA_DIR: dataDir }),
      ),
    );
    expect(created.workspace).toMatchObject({ id: expect.stringMatching(/^ws_/), name: 'N' });
    expect(created.member).toMatchObject({
      id: expect.stringMatching(/^mem_/),
      email: 'e@x.example',
      role: 'owner',
      workspaceId: created.workspace.id,
    });
    expect(created.apiKey).toMatchObject({
      id: expect.stringMatching(/^key_/),
      key: expect.stringMatching(/^nhx_sk_[A-Za-z0-9]{32,}$/),
    });
    const key: string = created.apiKey.key;

    expect((await call('GET', '/api/v1/auth/me')).status).toBe(401);
    const me = await call('GET', '/api/v1/auth/me', { key });
    expect(me.status).toBe(200);
    expect(me.body.workspace.id).toBe(created.workspace.id);
    expect(me.body.member).toMatchObject({ id: created.member.id, role: 'owner' });

    // The generated secret key: owner-only.
    const secretFile = join(dataDir, 'secret.key');
    expect((await stat(secretFile)).mode & 0o777).toBe(0o600);
    const secret = await readFile(secretFile, 'utf8');
    expect(Buffer.from(secret.trim(), 'base64')).toHaveLength(32);

    // SIGTERM: the service exits and takes its PostgreSQL with it; its last word says so.
    server.child.kill('SIGTERM');
    const exit = await server.exitWithin(15_000);
    expect(exit, server.describe()).toEqual({ code: 0, signal: null });
    await server.closed;
    expect(lastLogLine(server)).toMatchObject({ msg: 'NebulaHex stopped' });
    expect(await livePostmaster(dataDir)).toBeNull();
    expect(processesMatching(dataDir)).toEqual([]);

    // Second start on the same directory: same secret, same data.
    const port2 = await freePort();
    const again = processes.spawn('start.js', [], env(port2));
    const baseUrl2 = `http://127.0.0.1:${port2}`;
    startTimes.push(await waitForHealthy(baseUrl2, again));
    expect(await readFile(secretFile, 'utf8')).toBe(secret);
    const meAgain = await httpClient(baseUrl2)('GET', '/api/v1/auth/me', { key });
    expect(meAgain.status).toBe(200);
    expect(meAgain.body.workspace.id).toBe(created.workspace.id);

    again.child.kill('SIGTERM');
    const exit2 = await again.exitWithin(15_000);
    expect(exit2, again.describe()).not.toBeNull();
    expect(exit2!.code === 0 || exit2!.signal === 'SIGTERM', again.describe()).toBe(true);
    expect(await livePostmaster(dataDir)).toBeNull();
    expect(processesMatching(dataDir)).toEqual([]);

    console.log(
      `embedded start to first /healthz 200: first ${Math.round(startTimes[0])} ms, ` +
        `second ${Math.round(startTimes[1])} ms`,
    );
  }, 180_000);
});

describe('configuration validation (dist/main.js)', () => {
  const processes = new Processes();
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'nhx-e2e-config-'));
  });

  afterAll(async () => {
    await processes.stopAll();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const cases: Array<[string, () => Record<string, string>, string]> = [
    ['PORT=abc', () => ({ NHX_DATA_DIR: dataDir, PORT: 'abc' }), 'PORT'],
    ['DATABASE_URL without NHX_SECRET_KEY', () => ({ DATABASE_URL: db.url }), 'NHX_SECRET_KEY'],
    [
      'NHX_SECRET_KEY that is not 32 bytes of base64',
      () => ({ DATABASE_URL: db.url, NHX_SECRET_KEY: 'short' }),
      'NHX_SECRET_KEY',
    ],
    [
      'LOG_LEVEL=loud',
      () => ({ DATABASE_URL: db.url, NHX_SECRET_KEY: secretKey(), LOG_LEVEL: 'loud' }),
      'LOG_LEVEL',
    ],
    [
      'NHX_WEBHOOK_RETRY_SCHEDULE=5x',
      () => ({ DATABASE_URL: db.url, NHX_SECRET_KEY: secretKey(), NHX_WEBHOOK_RETRY_SCHEDULE: '5x' }),
      'NHX_WEBHOOK_RETRY_SCHEDULE',
    ],
  ];

  it.each(cases)(
    '%s: exits non-zero naming the variable, without a stack trace',
    async (_name, vars, variable) => {
      // A free port, so that a process that wrongly starts does not collide with anything.
      const env = cleanEnv({ PORT: String(await freePort()), ...vars() });
      const result = await processes.run('main.js', [], env, 20_000);
      expect(result.code, result.stderr).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toContain(variable);
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(result.stdout).not.toMatch(/listening/i);
      // Nothing embedded was started or written.
      expect(await readdir(dataDir)).toEqual([]);
    },
    30_000,
  );
});

describe('API on an external database with pending migrations', () => {
  const processes = new Processes();
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(false);
  });

  afterEach(async () => {
    await processes.stopAll();
  });

  afterAll(async () => {
    await processes.stopAll();
    await db.drop();
  });

  it('refuses to start until `migrate` has run, which is idempotent; then serves /healthz and /readyz', async () => {
    const port = await freePort();
    const env = cleanEnv({
      DATABASE_URL: db.url,
      NHX_SECRET_KEY: secretKey(),
      REDIS_URL: inject('redisUrl'),
      NHX_REDIS_PREFIX: testRedisPrefix,
      PORT: String(port),
      HOST: '127.0.0.1',
    });

    const refused = await processes.run('main.js', [], env);
    expect(refused.code, refused.stdout).not.toBe(0);
    expect(refused.code).not.toBeNull();
    expect(refused.stderr).toMatch(/migrat/i);
    expect(refused.stderr).toMatch(/npm run migrate|nebulahex migrate/);
    expect(refused.stderr).not.toMatch(STACK_FRAME);
    // It did not migrate on its own.
    expect(await db.query(`SELECT to_regclass('public.workspaces') AS t`)).toEqual([{ t: null }]);

    const first = expectSucceeded(await processes.cli(['migrate'], env));
    expect(first).toEqual({ migrated: expect.any(Array) });
    expect(first.migrated.length).toBeGreaterThan(0);
    for (const name of first.migrated) expect(typeof name).toBe('string');

    const second = expectSucceeded(await processes.cli(['migrate'], env));
    expect(second).toEqual({ migrated: [] });

    const server = processes.spawn('main.js', [], env);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealthy(baseUrl, server);
    const call = httpClient(baseUrl);
    const health = await call('GET', '/healthz');
    expect(health.status).toBe(200);
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', checks: { database: 'up' } });

    server.child.kill('SIGTERM');
    expect(await server.exitWithin(15_000), server.describe()).toEqual({ code: 0, signal: null });
    await server.closed;
    expect(lastLogLine(server)).toMatchObject({ msg: 'API stopped' });
  }, 180_000);
});

describe('operator CLI on an external database', () => {
  const processes = new Processes();
  const redisPrefix = `nhx-test-${randomBytes(6).toString('hex')}`;
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = cleanEnv({
      DATABASE_URL: db.url,
      NHX_SECRET_KEY: secretKey(),
      REDIS_URL: inject('redisUrl'),
      NHX_REDIS_PREFIX: redisPrefix,
    });
  });

  afterEach(async () => {
    await processes.stopAll();
  });

  afterAll(async () => {
    await processes.stopAll();
    await db.drop();
    await deleteRedisKeys(inject('redisUrl'), redisPrefix);
  });

  it('creates workspaces, members, keys and bots, refuses bad input, and its keys authenticate on the API', async () => {
    const created = expectSucceeded(
      await processes.cli(
        [
          'workspace',
          'create',
          '--name',
          'Acme Support',
          '--owner-email',
          'olga@acme.example',
          '--owner-name',
          'Olga',
        ],
        env,
      ),
    );
    expect(created.workspace).toMatchObject({ id: expect.stringMatching(/^ws_/), name: 'Acme Support' });
    expect(created.member).toMatchObject({ email: 'olga@acme.example', name: 'Olga', role: 'owner' });
    expect(created.apiKey.key).toMatch(/^nhx_sk_/);
    const workspaceId: string = created.workspace.id;

    // One member of each role.
    const roles = ['owner', 'admin', 'agent', 'viewer'] as const;
    const added = await Promise.all(
      roles.map((role) =>
        processes.cli(
          ['member', 'add', '--workspace', workspaceId, '--email', `${role}@acme.example`, '--role', role],
          env,
        ),
      ),
    );
    const members: Record<string, any> = {};
    added.forEach((result, i) => {
      const { member } = expectSucceeded(result);
      expect(member).toMatchObject({
        id: expect.stringMatching(/^mem_/),
        workspaceId,
        email: `${roles[i]}@acme.example`,
        role: roles[i],
      });
      members[roles[i]] = member;
    });

    // Input mistakes: exit 2, a message on stderr, nothing on stdout.
    const [duplicate, badEmail, badRole, unknownWorkspace, missingOption] = await Promise.all([
      processes.cli(
        ['member', 'add', '--workspace', workspaceId, '--email', 'agent@acme.example', '--role', 'viewer'],
        env,
      ),
      processes.cli(
        ['member', 'add', '--workspace', workspaceId, '--email', 'not-an-email', '--role', 'agent'],
        env,
      ),
      processes.cli(
        ['member', 'add', '--workspace', workspaceId, '--email', 'x@acme.example', '--role', 'boss'],
        env,
      ),
      processes.cli(
        [
          'member',
          'add',
          '--workspace',
          'ws_doesnotexist0000000000',
          '--email',
          'y@acme.example',
          '--role',
          'agent',
        ],
        env,
      ),
      processes.cli(['workspace', 'create', '--name', 'No owner'], env),
    ]);
    expectRefused(duplicate, /agent@acme\.example/);
    expectRefused(badEmail, /--email/);
    expectRefused(badRole, /--role/);
    expect(unknownWorkspace.code).not.toBe(0);
    expect(unknownWorkspace.code).not.toBeNull();
    expect(unknownWorkspace.stdout).toBe('');
    expect(unknownWorkspace.stderr).toMatch(/workspace/i);
    expectRefused(missingOption, /owner-email/);
    const memberCount = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM members WHERE workspace_id = $1',
      [workspaceId],
    );
    expect(memberCount).toEqual([{ n: 5 }]);

    // Keys: shown once at creation, or deferred (no value, a 15-minute reveal window).
    const issued = expectSucceeded(
      await processes.cli(['key', 'create', '--member', members.agent.id, '--name', 'Zapier'], env),
    );
    expect(issued.apiKey).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: 'Zapier',
      role: 'agent',
      memberId: members.agent.id,
      key: expect.stringMatching(/^nhx_sk_[A-Za-z0-9]{32,}$/),
    });

    const before = Date.now();
    const deferred = expectSucceeded(
      await processes.cli(
        ['key', 'create', '--member', members.viewer.id, '--name', 'Later', '--deferred'],
        env,
      ),
    );
    expect(deferred.apiKey).toMatchObject({ id: expect.stringMatching(/^key_/), role: 'viewer' });
    expect(deferred.apiKey).not.toHaveProperty('key');
    expect(JSON.stringify(deferred)).not.toMatch(/nhx_sk_[A-Za-z0-9]{32,}/);
    const revealBy = Date.parse(deferred.apiKey.revealExpiresAt);
    expect(revealBy).toBeGreaterThanOrEqual(before + 14 * 60_000);
    expect(revealBy).toBeLessThanOrEqual(Date.now() + 16 * 60_000);

    const unknownMember = await processes.cli(
      ['key', 'create', '--member', 'mem_doesnotexist000000000', '--name', 'X'],
      env,
    );
    expect(unknownMember.code).not.toBe(0);
    expect(unknownMember.stdout).toBe('');
    expect(unknownMember.stderr).toMatch(/member/i);

    const bot = expectSucceeded(
      await processes.cli(['bot', 'create', '--workspace', workspaceId, '--name', 'Helper'], env),
    );
    expect(bot.bot).toMatchObject({
      id: expect.stringMatching(/^bot_/),
      name: 'Helper',
      isActive: expect.any(Boolean),
    });

    // The key from `key create` works on an API process on the same database.
    const port = await freePort();
    const server = processes.spawn('main.js', [], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealthy(baseUrl, server);
    const call = httpClient(baseUrl);
    const me = await call('GET', '/api/v1/auth/me', { key: issued.apiKey.key });
    expect(me.status).toBe(200);
    expect(me.body.workspace.id).toBe(workspaceId);
    expect(me.body.member).toMatchObject({ id: members.agent.id, role: 'agent' });
    expect(me.body.key).toMatchObject({ id: issued.apiKey.id, role: 'agent' });
    const bots = await call('GET', '/api/v1/bots', { key: issued.apiKey.key });
    expect(bots.status).toBe(200);
    expect(bots.body.bots.map((b: { id: string }) => b.id)).toEqual([bot.bot.id]);
    // About 15 CLI processes, each booting Nest: 4 at once take ~10 s apiece on a loaded 2-core machine.
  }, 180_000);

  it('bot create --config: stores a valid configuration with its defaults, refuses a bad one with exit 2', async () => {
    const created = expectSucceeded(
      await processes.cli(['workspace', 'create', '--name', 'Bots', '--owner-email', 'bo@acme.example'], env),
    );
    const workspaceId: string = created.workspace.id;
    // A bot configuration file: validated (unknown fields and bad values refused, exit 2, one line
    // per problem), stored with its defaults.
    const configDir = await mkdtemp(join(tmpdir(), 'nhx-bot-config-'));
    const goodConfig = join(configDir, 'good.json');
    const badConfig = join(configDir, 'bad.json');
    await writeFile(
      goodConfig,
      JSON.stringify({ greeting: 'Hello!', knowledgeBase: [{ question: 'Q?', answer: 'A.' }] }),
    );
    await writeFile(
      badConfig,
      JSON.stringify({ greting: 'typo', confidenceThreshold: 2, knowledgeBase: [{ answer: 'A.' }] }),
    );
    const [good, refusedConfig] = await Promise.all([
      processes.cli(
        ['bot', 'create', '--workspace', workspaceId, '--name', 'FAQ', '--config', goodConfig],
        env,
      ),
      processes.cli(
        ['bot', 'create', '--workspace', workspaceId, '--name', 'Bad', '--config', badConfig],
        env,
      ),
    ]);
    const configured = expectSucceeded(good);
    const [stored] = await db.query<{ config: any }>('SELECT config FROM bots WHERE id = $1', [
      configured.bot.id,
    ]);
    expect(stored.config).toMatchObject({ greeting: 'Hello!', fallbackLimit: 2, confidenceThreshold: 0.5 });
    expectRefused(refusedConfig, /invalid bot configuration/);
    expect(refusedConfig.stderr).toMatch(/property greting should not exist/);
    expect(refusedConfig.stderr).toMatch(/confidenceThreshold must not be greater than 1/);
    expect(refusedConfig.stderr).toMatch(/knowledgeBase\.0\.question must be a string/);
    await rm(configDir, { recursive: true, force: true });
    expect(await db.query('SELECT name FROM bots WHERE workspace_id = $1', [workspaceId])).toEqual([
      { name: 'FAQ' },
    ]);
  }, 180_000);

  it("rate limits set from the CLI (a key's own, else its workspace's) reach the API", async () => {
    const created = expectSucceeded(
      await processes.cli(
        ['workspace', 'create', '--name', 'Limits', '--owner-email', 'lim@acme.example', '--rate-limit', '3'],
        env,
      ),
    );
    expect(created.workspace.rateLimitPerMinute).toBe(3);
    const limited = expectSucceeded(
      await processes.cli(
        ['key', 'create', '--member', created.member.id, '--name', 'Limited', '--rate-limit', '2'],
        env,
      ),
    );
    expect(limited.apiKey.rateLimitPerMinute).toBe(2);
    const refused = await processes.cli(
      ['key', 'create', '--member', created.member.id, '--name', 'X', '--rate-limit', '0'],
      env,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--rate-limit/);

    const port = await freePort();
    const server = processes.spawn('main.js', [], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealthy(baseUrl, server);
    const call = httpClient(baseUrl);
    const own = await call('GET', '/api/v1/auth/me', { key: limited.apiKey.key });
    expect(own.headers.get('ratelimit-policy')).toBe('"default";q=2;w=60');
    const workspaceWide = await call('GET', '/api/v1/auth/me', { key: created.apiKey.key });
    expect(workspaceWide.headers.get('ratelimit-policy')).toBe('"default";q=3;w=60');

    const updated = expectSucceeded(
      await processes.cli(
        ['workspace', 'update', '--workspace', created.workspace.id, '--rate-limit', 'default'],
        env,
      ),
    );
    expect(updated.workspace.rateLimitPerMinute).toBeNull();
    const byDefault = await call('GET', '/api/v1/auth/me', { key: created.apiKey.key });
    expect(byDefault.headers.get('ratelimit-policy')).toBe('"default";q=60;w=60');
  }, 180_000);
});

describe('worker (dist/worker.js)', () => {
  const processes = new Processes();
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'nhx-e2e-worker-'));
  });

  afterEach(async () => {
    await processes.stopAll();
  });

  afterAll(async () => {
    await processes.stopAll();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('boots on DATABASE_URL and exits 0 on SIGTERM', async () => {
    const worker = processes.spawn(
      'worker.js',
      [],
      cleanEnv({
        DATABASE_URL: db.url,
        NHX_SECRET_KEY: secretKey(),
        REDIS_URL: inject('redisUrl'),
        NHX_REDIS_PREFIX: testRedisPrefix,
        NHX_WORKER_PORT: '0',
      }),
    );
    await worker.waitForStdout(/worker started/, 30_000);
    worker.child.kill('SIGTERM');
    const exit = await worker.exitWithin(10_000);
    expect(exit, worker.describe()).toEqual({ code: 0, signal: null });
    await worker.closed;
    expect(lastLogLine(worker)).toMatchObject({ msg: 'worker stopped' });
  }, 180_000);

  it('refuses to start when its probe port is taken, naming NHX_WORKER_PORT', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await processes.run(
        'worker.js',
        [],
        cleanEnv({
          DATABASE_URL: db.url,
          NHX_SECRET_KEY: secretKey(),
          REDIS_URL: inject('redisUrl'),
          NHX_REDIS_PREFIX: testRedisPrefix,
          NHX_WORKER_PORT: String(port),
          HOST: '127.0.0.1',
        }),
      );
      expect(result.code, result.stdout).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toContain('NHX_WORKER_PORT');
      expect(result.stderr).not.toMatch(STACK_FRAME);
    } finally {
      taken.close();
    }
  }, 60_000);

  it('with no DATABASE_URL and no running service, exits non-zero saying what to do', async () => {
    const result = await processes.run('worker.js', [], cleanEnv({ NHX_DATA_DIR: dataDir }));
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stderr).toMatch(/start the service first/i);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    // A worker never starts a database of its own.
    expect(await readdir(dataDir)).toEqual([]);
    expect(processesMatching(dataDir)).toEqual([]);
  }, 30_000);
});
