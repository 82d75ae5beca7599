import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/** Helpers every bench script shares. */

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** The same server URL pointing at another database. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One statement on its own connection (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery<T>(serverUrl: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The node flags of an npm start script (`node --max-old-space-size=256 dist/main.js`): run as in production. */
export function nodeFlags(script: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(resolve(__dirname, '..'), 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return scripts[script].split(/\s+/).filter((word) => word.startsWith('--'));
}

const CLOCK_TICKS_PER_SECOND = Number(
  spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100,
);

/** utime, stime, cutime and cstime of /proc/<pid>/stat, in ms (the command name may hold spaces). */
function statTimesMs(pid: number | string): [number, number, number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is the state (field 3 of the file): utime is field 14, so fields[11]
  const ticks = fields.slice(11, 15).map(Number);
  return ticks.map((tick) => (tick * 1000) / CLOCK_TICKS_PER_SECOND) as [number, number, number, number];
}

/** The CPU time (user + system) a running process has used so far, in ms (Linux `/proc`). */
export function processCpuMs(pid: number): number {
  const [user, system] = statTimesMs(pid);
  return user + system;
}

/**
 * The CPU time every PostgreSQL server process on this machine has used so far, in ms, including
 * backends that have exited (their time is added to the postmaster's children's time); null where
 * the server's processes cannot be read (another machine, or another user's processes hidden).
 */
export function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      total += statTimesMs(entry).reduce((sum, ms) => sum + ms, 0);
      found = true;
    } catch {
      // exited meanwhile
    }
  }
  return found ? total : null;
}
