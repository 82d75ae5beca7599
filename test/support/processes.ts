import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The built processes (`node dist/<script>`: `npm start`, `npm run start:api`, `npm run start:worker`
 * and the `nebulahex` CLI) as real child processes with a clean environment, for tests that run them
 * as production does, on a database of their own.
 */

export const ROOT = resolve(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');

/** A process's output, once it has exited. */
export interface Finished extends Exit {
  stdout: string;
  stderr: string;
}

/** Variables a case sets itself; anything inherited from the runner's shell would skew it. */
const CONFIG_VARIABLES = [
  'DATABASE_URL',
  'DATABASE_DIRECT_URL',
  'DATABASE_POOL_MAX',
  'REDIS_URL',
  'NHX_SECRET_KEY',
  'NHX_DATA_DIR',
  'PORT',
  'HOST',
  'LOG_LEVEL',
];

export function cleanEnv(set: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (CONFIG_VARIABLES.includes(name) || name.startsWith('NHX_')) delete env[name];
  }
  return { ...env, ...set };
}

export function secretKey(): string {
  return randomBytes(32).toString('base64');
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A spawned `node dist/<script>` with its output collected as it arrives. */
export class ManagedProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  /** Resolves after `exit` and once stdout and stderr are fully read. */
  readonly closed: Promise<Exit>;
  readonly startedAt = performance.now();

  constructor(
    readonly script: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => resolveExit({ code, signal })),
    );
    this.closed = new Promise((resolveClose) =>
      child.once('close', (code, signal) => resolveClose({ code, signal })),
    );
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  describe(): string {
    return `${this.script}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`;
  }

  /** The exit, or null when the process is still running after `ms`. */
  async exitWithin(ms: number): Promise<Exit | null> {
    return Promise.race([this.exited, sleep(ms, null)]);
  }

  async waitForStdout(pattern: RegExp, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pattern.test(this.stdout)) {
      if (!this.running) throw new Error(`exited before printing ${String(pattern)}: ${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`no ${String(pattern)} within ${ms} ms: ${this.describe()}`);
      await sleep(50);
    }
  }

  /** SIGTERM, then SIGKILL when it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<Exit> {
    if (this.running) this.child.kill('SIGTERM');
    const exit = await this.exitWithin(graceMs);
    if (exit) return exit;
    this.child.kill('SIGKILL');
    return this.exited;
  }
}

/** Every process a suite spawned, so that none outlives it. */
export class Processes {
  private readonly all = new Set<ManagedProcess>();

  /**
   * `options.preload` is a module run before the script (`node -r`); it gets an IPC channel to the
   * test (`child.send` / `process.send`).
   */
  spawn(
    script: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    options: { preload?: string } = {},
  ): ManagedProcess {
    const preload = options.preload ? ['--require', options.preload] : [];
    const child = spawn(process.execPath, [...preload, join(DIST, script), ...args], {
      cwd: ROOT,
      env,
      stdio: options.preload ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    const managed = new ManagedProcess(script, child);
    this.all.add(managed);
    return managed;
  }

  /** Runs a short-lived process to completion (killed and reported when it outlasts `timeoutMs`). */
  async run(
    script: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    timeoutMs = 30_000,
  ): Promise<Exit & { stdout: string; stderr: string }> {
    const managed = this.spawn(script, args, env);
    const closed = await Promise.race([managed.closed, sleep(timeoutMs, null)]);
    if (closed === null) {
      await managed.stop(2_000);
      throw new Error(`still running after ${timeoutMs} ms: ${managed.describe()}`);
    }
    return { ...closed, stdout: managed.stdout, stderr: managed.stderr };
  }

  async cli(args: string[], env: NodeJS.ProcessEnv) {
    return this.run('cli.js', args, env);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.all].map((managed) => managed.stop()));
    this.all.clear();
  }
}

/** Polls `GET /healthz` until it answers 200; fails fast when the process exits first. */
export async function waitForHealthy(baseUrl: string, server: ManagedProcess, ms = 30_000): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (!server.running) throw new Error(`exited before answering /healthz: ${server.describe()}`);
    const status = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) })
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return performance.now() - server.startedAt;
    if (Date.now() > deadline) throw new Error(`/healthz not 200 within ${ms} ms: ${server.describe()}`);
    await sleep(100);
  }
}
