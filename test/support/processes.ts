import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The built processes (`node dist/<script>`) as child processes with a clean environment: for
 * tests that run the CLI and the API as production does, on a database of their own.
 */

export const ROOT = resolve(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');

/** The runner's own configuration must not leak into a spawned process. */
export function cleanEnv(set: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      ['DATABASE_URL', 'REDIS_URL', 'PORT', 'HOST', 'LOG_LEVEL'].includes(name) ||
      name.startsWith('NHX_')
    ) {
      delete env[name];
    }
  }
  return { ...env, ...set };
}

/** A fresh `NHX_SECRET_KEY`. */
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

export interface Finished extends Exit {
  stdout: string;
  stderr: string;
}

/** A spawned `node dist/<script>` with its output collected as it arrives. */
export class ManagedProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  readonly closed: Promise<Exit>;

  constructor(
    readonly script: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    this.closed = new Promise((done) => child.once('close', (code, signal) => done({ code, signal })));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  describe(): string {
    return `${this.script}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`;
  }

  /** SIGTERM, then SIGKILL when it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<Exit> {
    if (this.running) this.child.kill('SIGTERM');
    const exit = await Promise.race([this.exited, sleep(graceMs, null)]);
    if (exit) return exit;
    this.child.kill('SIGKILL');
    return this.exited;
  }
}

/** Every process a suite spawned, so that none outlives it. */
export class Processes {
  private readonly all = new Set<ManagedProcess>();

  spawn(script: string, args: string[], env: NodeJS.ProcessEnv): ManagedProcess {
    const child = spawn(process.execPath, [join(DIST, script), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const managed = new ManagedProcess(script, child);
    this.all.add(managed);
    return managed;
  }

  /** Runs a short-lived process to completion (killed and reported when it outlasts `timeoutMs`). */
  async run(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<Finished> {
    const managed = this.spawn(script, args, env);
    const closed = await Promise.race([managed.closed, sleep(timeoutMs, null)]);
    if (closed === null) {
      await managed.stop(2_000);
      throw new Error(`still running after ${timeoutMs} ms: ${managed.describe()}`);
    }
    return { ...closed, stdout: managed.stdout, stderr: managed.stderr };
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.all].map((managed) => managed.stop()));
    this.all.clear();
  }
}

/** Polls `GET /healthz` until it answers 200; fails fast when the process exits first. */
export async function waitForHealthy(baseUrl: string, server: ManagedProcess, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (!server.running) throw new Error(`exited before answering /healthz: ${server.describe()}`);
    const status = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) })
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`/healthz not 200 within ${ms} ms: ${server.describe()}`);
    await sleep(100);
  }
}
