import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, Processes } from '../support/processes';
import { startTestApi, type TestApi } from '../support/test-app';

/** Wall-clock time of a plain `node -e 0` here: what any CLI costs before its own code runs. */
async function nodeStartMs(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
  return performance.now() - started;
}

/**
 * The built CLI with no database configured (the embedded default): usage mistakes and
 * `healthcheck` answer without starting PostgreSQL, fast; the data directory is never created.
 */
describe('nebulahex CLI: usage errors and healthcheck start no database', () => {
  const processes = new Processes();
  let dir: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nhx-cli-usage-'));
    dataDir = join(dir, 'data');
    env = cleanEnv({ NHX_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await processes.stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the CLI; returns its exit, output and how long it took beyond starting node itself. */
  async function timed(args: string[], extraEnv: Record<string, string> = {}) {
    const baseline = await nodeStartMs();
    const started = performance.now();
    const result = await processes.cli(args, { ...env, ...extraEnv });
    return { ...result, ms: performance.now() - started, overMs: performance.now() - started - baseline };
  }

  it.each([
    [['workspace', 'create', '--name', 'Acme'], /required option '--owner-email <email>' not specified/],
    [
      ['workspace', 'create', '--name', 'Acme', '--owner-email', 'a@acme.example', '--colour', 'red'],
      /unknown option '--colour'/,
    ],
    [['workspace', 'remove'], /unknown command 'remove'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [
      ['member', 'add', '--workspace', 'ws_1', '--email', 'a@acme.example', '--role', 'king'],
      /Allowed choices are owner, admin, agent, viewer/,
    ],
    [
      ['workspace', 'create', '--name', 'Acme', '--owner-email', 'not-an-email'],
      /--owner-email must be an email address/,
    ],
    [
      ['key', 'create', '--member', 'mem_1', '--name', 'k', '--rate-limit', 'lots'],
      /--rate-limit must be a whole number/,
    ],
    [
      ['bot', 'create', '--workspace', 'ws_1', '--name', 'B', '--config', '/nonexistent/bot.json'],
      /--config \/nonexistent\/bot.json: ENOENT/,
    ],
    [['demo', 'extra'], /too many arguments/],
  ])(
    '%j: exit 2 with the reason on stderr, nothing on stdout, within 0.5 s of node starting',
    async (args, reason) => {
      const result = await timed(args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(reason);
      // No log line: nothing started that logs (the runtime logs JSON to stderr).
      expect(result.stderr).not.toMatch(/"level"|embedded|postgres/i);
      expect(result.overMs, `took ${Math.round(result.ms)} ms`).toBeLessThan(500);
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it('bot create --config: an invalid configuration is refused with every problem before anything starts', async () => {
    const file = join(dir, 'bad-bot.json');
    await writeFile(
      file,
      JSON.stringify({
        greting: 'typo',
        confidenceThreshold: 2,
        orderSource: { type: 'http', urlTemplate: 'http://shop.example/{orderId}' },
      }),
    );
    const result = await timed(['bot', 'create', '--workspace', 'ws_1', '--name', 'B', '--config', file]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`--config ${file}: invalid bot configuration:\\n\\s+- property greting should not exist`),
    );
    expect(result.stderr).toMatch(/confidenceThreshold must not be greater than 1/);
    // Nothing started: no log line, no data directory (the validators load, the database does not).
    expect(result.stderr).not.toMatch(/"level"|embedded|postgres/i);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('--help prints usage on stdout and exits 0, listing healthcheck', async () => {
    const result = await timed(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: nebulahex/);
    expect(result.stdout).toMatch(/healthcheck/);
    expect(existsSync(dataDir)).toBe(false);
  });

  describe('healthcheck', () => {
    let api: TestApi;
    let stub: Server;
    let stubPort = 0;
    let stubStatus = 503;

    beforeAll(async () => {
      api = await startTestApi();
      stub = createServer((req, res) => {
        res.writeHead(req.url === '/readyz' ? stubStatus : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: stubStatus === 200 ? 'ok' : 'error', path: req.url }));
      });
      await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
      stubPort = (stub.address() as { port: number }).port;
    });
    afterAll(async () => {
      await api.close();
      await new Promise<void>((resolve) => stub.close(() => resolve()));
    });

    it("reports the running API's /readyz: exit 0 and one JSON object with its checks", async () => {
      const port = new URL(api.baseUrl).port;
      const result = await timed(['healthcheck'], { PORT: port });
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      const readyz = await api.call('GET', '/readyz');
      expect(report).toEqual({
        ok: true,
        target: 'api',
        url: `http://127.0.0.1:${port}/readyz`,
        status: 200,
        checks: readyz.body.checks,
      });
      expect(result.stdout.trim().split('\n')).toHaveLength(1);
      expect(existsSync(dataDir)).toBe(false);
    });

    it('--worker checks NHX_WORKER_PORT; not ready (503) exits 1, ready exits 0', async () => {
      stubStatus = 503;
      const down = await timed(['healthcheck', '--worker'], { NHX_WORKER_PORT: String(stubPort) });
      expect(down.code).toBe(1);
      expect(JSON.parse(down.stdout)).toMatchObject({
        ok: false,
        target: 'worker',
        url: `http://127.0.0.1:${stubPort}/readyz`,
        status: 503,
        checks: { status: 'error', path: '/readyz' },
      });
      expect(down.stderr).toMatch(/not ready: HTTP 503/);
      stubStatus = 200;
      const up = await timed(['healthcheck', '--worker'], { NHX_WORKER_PORT: String(stubPort) });
      expect(up.code, up.stderr).toBe(0);
      expect(JSON.parse(up.stdout)).toMatchObject({ ok: true, status: 200 });
      expect(up.overMs, `took ${Math.round(up.ms)} ms`).toBeLessThan(500);
      expect(existsSync(dataDir)).toBe(false);
    });

    it('nothing listening, or the port turned off: exit 1 with the reason', async () => {
      const closed = await timed(['healthcheck'], { PORT: String(await freePort()) });
      expect(closed.code).toBe(1);
      expect(JSON.parse(closed.stdout)).toMatchObject({ ok: false, status: null, error: 'ECONNREFUSED' });
      const off = await timed(['healthcheck', '--worker'], { NHX_WORKER_PORT: '0' });
      expect(off.code).toBe(1);
      expect(JSON.parse(off.stdout)).toMatchObject({
        ok: false,
        url: null,
        error: expect.stringMatching(/NHX_WORKER_PORT is 0/),
      });
      const invalid = await timed(['healthcheck', '--worker'], { NHX_WORKER_PORT: '70000' });
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toMatch(/NHX_WORKER_PORT/);
      expect(existsSync(dataDir)).toBe(false);
    });
  });
});
