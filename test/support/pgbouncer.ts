import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { freePort } from './processes';

/**
 * A private PgBouncer in transaction pooling mode in front of the suite's PostgreSQL: its own
 * config, socket directory and log in a temp directory, a free port, and one wildcard database
 * entry so that every per-test database is reachable through it. The package's own service (port
 * 6432, /etc/pgbouncer) is neither used nor touched.
 */
export interface PgBouncer {
  /** `postgres://user@127.0.0.1:<port>/postgres`: swap the path for a database's name. */
  url: string;
  /** Runs a command on the admin console (`SHOW STATS`, `SHOW CLIENTS`, …). */
  admin<T = Record<string, unknown>>(command: string): Promise<T[]>;
  stop(): Promise<void>;
}

const PACKAGE_BINARY = '/usr/sbin/pgbouncer';

function findBinary(): string | null {
  if (existsSync(PACKAGE_BINARY)) return PACKAGE_BINARY;
  try {
    return execFileSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Finds Debian's `pgbouncer`, installing it with apt when it is missing and we are root. */
export function ensurePgBouncerInstalled(): string {
  const found = findBinary();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error('The e2e-pgbouncer tests need pgbouncer: run `apt-get install -y pgbouncer` as root.');
  }
  process.stderr.write('pgbouncer is missing; installing it with apt-get\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => execFileSync('apt-get', ['install', '-y', 'pgbouncer'], { env, stdio: 'inherit' });
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update'], { env, stdio: 'inherit' });
    install();
  }
  const installed = findBinary();
  if (!installed) throw new Error('apt-get installed pgbouncer, but no pgbouncer binary was found');
  return installed;
}

/** A uid/gid pair for `user` from /etc/passwd, or null. */
async function systemUser(user: string): Promise<{ uid: number; gid: number } | null> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const line = passwd.split('\n').find((entry) => entry.startsWith(`${user}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startPgBouncer(serverUrl: string): Promise<PgBouncer> {
  const binary = ensurePgBouncerInstalled();
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username || 'postgres');
  const dir = await mkdtemp(join(tmpdir(), 'nhx-pgbouncer-'));
  const port = await freePort();
  const target = [
    `host=${server.hostname.replace(/^\[|\]$/g, '')}`,
    `port=${server.port || 5432}`,
    ...(server.password ? [`password=${decodeURIComponent(server.password)}`] : []),
  ].join(' ');
  const config = `[databases]
* = ${target}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir = ${dir}
pidfile = ${join(dir, 'pgbouncer.pid')}
logfile = ${join(dir, 'pgbouncer.log')}
pool_mode = transaction
; the clients are the suite's own processes; PostgreSQL authenticates the server connections
auth_type = trust
auth_file = ${join(dir, 'userlist.txt')}
admin_users = ${user}
stats_users = ${user}
max_client_conn = 2000
default_pool_size = 20
; dropped test databases' idle server connections go soon
server_idle_timeout = 10
`;
  await writeFile(join(dir, 'pgbouncer.ini'), config, { mode: 0o600 });
  await writeFile(join(dir, 'userlist.txt'), `"${user}" ""\n`, { mode: 0o600 });
  const args = [join(dir, 'pgbouncer.ini')];
  // PgBouncer refuses to run as root: it then runs as `nobody`, which must own its directory.
  if (process.getuid?.() === 0) {
    const nobody = await systemUser('nobody');
    if (!nobody) throw new Error('running as root, and there is no `nobody` user to run pgbouncer as');
    for (const path of [dir, join(dir, 'pgbouncer.ini'), join(dir, 'userlist.txt')]) {
      await chown(path, nobody.uid, nobody.gid);
    }
    await chmod(dir, 0o700);
    args.unshift('-u', 'nobody');
  }
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/postgres`;
  const admin = <T>(command: string) => pgbouncerAdmin<T>(url, command);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await admin('SHOW VERSION');
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        const log = await readFile(join(dir, 'pgbouncer.log'), 'utf8').catch(() => '');
        await stop();
        throw new Error(`pgbouncer did not start (${(error as Error).message}):\n${stderr}${log}`);
      }
      await sleep(50);
    }
  }
  return { url, admin, stop };
}

/**
 * Runs a command on the admin console of the PgBouncer at `poolerUrl` (as provided to the tests). The
 * console speaks the simple query protocol only, which a query without parameters uses.
 */
export async function pgbouncerAdmin<T = Record<string, unknown>>(
  poolerUrl: string,
  command: string,
): Promise<T[]> {
  const url = new URL(poolerUrl);
  url.pathname = '/pgbouncer';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(command)).rows as T[];
  } finally {
    await client.end().catch(() => undefined);
  }
}
