import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/core/config/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { cleanEnv, freePort, Processes, ROOT, secretKey, type ManagedProcess } from '../support/processes';
import { deleteRedisKeys } from '../support/test-app';

/**
 * The deployment artefacts against the code they deploy: the Dockerfile, compose.yaml and the
 * kustomize tree in deploy/kubernetes. No container runtime or cluster is needed: the manifests are
 * read (kubectl renders kustomize offline), and each compose service's command runs from dist/ with
 * the service's environment against this machine's PostgreSQL and Redis. `npm run image:check`
 * builds and runs the image itself.
 */

type Command = string[];
interface Container {
  name: string;
  image: string;
  command?: Command;
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}
interface Probe {
  httpGet: { path: string; port: string | number };
}
interface K8sObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec: any;
}
interface ComposeService {
  image?: string;
  command?: Command;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
}

/** The Dockerfile's exec-form instruction (`CMD [...]`, `HEALTHCHECK … CMD [...]`). */
function dockerfileExec(dockerfile: string, instruction: 'CMD' | 'HEALTHCHECK'): Command {
  const joined = dockerfile.replace(/\\\n/g, ' ');
  const line = joined.split('\n').find((candidate) => candidate.startsWith(`${instruction} `));
  const json = /CMD (\[.*\])\s*$/.exec(line ?? '');
  if (!json) throw new Error(`no exec-form ${instruction} in the Dockerfile`);
  return JSON.parse(json[1]) as Command;
}

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const imageCommand = dockerfileExec(dockerfile, 'CMD');
const imageHealthcheck = dockerfileExec(dockerfile, 'HEALTHCHECK');
/** What each process runs, as the Dockerfile documents it and the image's CMD starts the API. */
const COMMANDS: Record<'api' | 'worker' | 'migrate', Command> = {
  api: imageCommand,
  worker: ['node', 'dist/worker.js'],
  migrate: ['node', 'dist/cli.js', 'migrate'],
};

const rendered = parseAllDocuments(
  execFileSync('kubectl', ['kustomize', join(ROOT, 'deploy', 'kubernetes')], { encoding: 'utf8' }),
)
  .map((document) => document.toJS() as K8sObject)
  .filter(Boolean);
const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};

function object(kind: string, name: string): K8sObject {
  const found = rendered.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found;
}

function container(kind: string, name: string): Container {
  return object(kind, name).spec.template.spec.containers[0] as Container;
}

/** The environment a container gets from its ConfigMaps and Secrets. */
function containerEnv(target: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of target.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, object('ConfigMap', source.configMapRef.name).data);
    if (source.secretRef) Object.assign(env, object('Secret', source.secretRef.name).stringData);
  }
  return env;
}

function probePort(target: Container, probe: Probe): number {
  const { port } = probe.httpGet;
  if (typeof port === 'number') return port;
  const named = target.ports?.find((candidate) => candidate.name === port);
  if (!named) throw new Error(`${target.name}: probe port ${port} is not a declared port`);
  return named.containerPort;
}

function probes(target: Container): Probe[] {
  return [target.livenessProbe, target.readinessProbe, target.startupProbe].filter(
    (probe): probe is Probe => probe !== undefined,
  );
}

describe('the Dockerfile, compose.yaml and the Kubernetes manifests agree', () => {
  it('runs every process from one image, with the commands the Dockerfile documents', () => {
    for (const command of Object.values(COMMANDS)) {
      expect(command[0]).toBe('node');
      expect(existsSync(join(ROOT, command[1])), `${command[1]} is built`).toBe(true);
      expect(dockerfile).toContain(command.join(' '));
    }
    expect(imageHealthcheck).toEqual(['node', 'dist/cli.js', 'healthcheck']);
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);

    const deployments = { api: 'nebulahex-api', worker: 'nebulahex-worker' } as const;
    expect(container('Deployment', deployments.api).command).toEqual(COMMANDS.api);
    expect(container('Deployment', deployments.worker).command).toEqual(COMMANDS.worker);
    expect(container('Job', 'nebulahex-migrate').command).toEqual(COMMANDS.migrate);
    const images = new Set(
      rendered
        .filter((candidate) => ['Deployment', 'Job'].includes(candidate.kind))
        .flatMap((candidate) => (candidate.spec.template.spec.containers as Container[]).map((c) => c.image)),
    );
    expect([...images]).toEqual(['registry.example.com/nebulahex:0.1.0']);
    for (const kind of ['Deployment', 'Job']) {
      for (const candidate of rendered.filter((item) => item.kind === kind)) {
        expect(candidate.spec.template.spec.securityContext).toMatchObject({
          runAsNonRoot: true,
          runAsUser: 10001,
        });
      }
    }

    for (const [service, command] of Object.entries(COMMANDS)) {
      expect(compose.services[service].command).toEqual(command);
      expect(compose.services[service].image).toBe(compose.services.api.image);
    }
    expect(compose.services.api.healthcheck?.test).toEqual(['CMD', ...imageHealthcheck]);
    expect(compose.services.worker.healthcheck?.test).toEqual(['CMD', ...imageHealthcheck, '--worker']);
  });

  it('probes the paths the processes serve, on the ports their configuration gives them', () => {
    const api = container('Deployment', 'nebulahex-api');
    // The Secret holds placeholders; a real key stands in for the one it names.
    const apiPort = loadConfig({ ...containerEnv(api), NHX_SECRET_KEY: secretKey() }).port;
    expect(api.ports?.map((port) => port.containerPort)).toEqual([apiPort]);
    const worker = container('Deployment', 'nebulahex-worker');
    const workerPort = Number(containerEnv(worker).NHX_WORKER_PORT ?? 9464);
    for (const [target, port] of [
      [api, apiPort],
      [worker, workerPort],
    ] as const) {
      expect(probes(target).length).toBe(3);
      for (const probe of probes(target)) expect(probePort(target, probe)).toBe(port);
      expect(target.livenessProbe?.httpGet.path).toBe('/healthz');
      expect(target.readinessProbe?.httpGet.path).toBe('/readyz');
    }
    expect(object('Service', 'nebulahex-api').spec.ports[0].targetPort).toBe('http');
    expect(object('HorizontalPodAutoscaler', 'nebulahex-api').spec.scaleTargetRef.name).toBe('nebulahex-api');
    for (const name of ['nebulahex-api', 'nebulahex-worker']) {
      const budget = object('PodDisruptionBudget', name).spec.selector.matchLabels;
      expect(budget).toEqual(object('Deployment', name).spec.selector.matchLabels);
    }
    expect(Object.keys(object('Secret', 'nebulahex').stringData ?? {}).sort()).toEqual([
      'DATABASE_DIRECT_URL',
      'DATABASE_URL',
      'NHX_SECRET_KEY',
      'REDIS_URL',
    ]);
  });

  it('scales workers with KEDA on a Prometheus query of nhx_deliveries_due', () => {
    const scaled = object('ScaledObject', 'nebulahex-worker').spec;
    expect(scaled.scaleTargetRef.name).toBe('nebulahex-worker');
    expect(scaled.triggers[0].type).toBe('prometheus');
    // Every process reports the same database-wide gauge: the max across pods, not the sum.
    expect(scaled.triggers[0].metadata.query).toBe('max(nhx_deliveries_due)');
  });

  it('gives compose the dependencies, volumes and health checks a fresh start needs', () => {
    const { services } = compose;
    for (const service of ['api', 'worker']) {
      expect(services[service].depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services.postgres.healthcheck?.test).toBeDefined();
    expect(services.redis.healthcheck?.test).toBeDefined();
    expect(services.redis.volumes).toEqual(['redis:/data']);
    expect(services.redis.command).toContain('--appendonly');
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['redis', 'postgres']));
    // A published port would make `--scale worker=N` collide.
    expect(services.worker.ports).toBeUndefined();
  });
});

describe("compose's services, run from dist/ with their command and environment", () => {
  const processes = new Processes();
  const redisPrefix = `nhx-test-${randomBytes(6).toString('hex')}`;
  let database: TestDatabase;
  let ports: { api: number; worker: number };
  const key = secretKey();

  /**
   * A service's environment with this machine's services in place of compose's hostnames, and free
   * ports (on one host two processes cannot both take the manifest's).
   */
  function serviceEnv(service: string): NodeJS.ProcessEnv {
    const environment = compose.services[service].environment ?? {};
    expect(Object.keys(environment)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'NHX_SECRET_KEY', 'PORT', 'NHX_WORKER_PORT']),
    );
    return cleanEnv({
      ...environment,
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      NHX_SECRET_KEY: key,
      NHX_REDIS_PREFIX: redisPrefix,
      PORT: String(ports.api),
      NHX_WORKER_PORT: String(ports.worker),
    });
  }
  function start(service: string): ManagedProcess {
    const [node, script, ...args] = compose.services[service].command ?? [];
    expect(node).toBe('node');
    return processes.spawn(script.replace(/^dist\//, ''), args, serviceEnv(service));
  }

  async function until200(url: string, server: ManagedProcess, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (!server.running) throw new Error(`exited before ${url} answered: ${server.describe()}`);
      const status = await fetch(url, { signal: AbortSignal.timeout(1_000) })
        .then((response) => response.status)
        .catch(() => 0);
      if (status === 200) return;
      if (Date.now() > deadline) throw new Error(`${url} not 200 within ${ms} ms: ${server.describe()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase(false);
    ports = { api: await freePort(), worker: await freePort() };
  });
  afterAll(async () => {
    await processes.stopAll();
    await database?.drop();
    await deleteRedisKeys(inject('redisUrl'), redisPrefix);
  });

  let api: ManagedProcess;

  it('runs migrate to completion, then the api answers /readyz', async () => {
    const migrate = start('migrate');
    const migrated = await migrate.closed;
    expect(migrated.code, migrate.describe()).toBe(0);
    expect((JSON.parse(migrate.stdout) as { migrated: string[] }).migrated.length).toBeGreaterThan(0);
    api = start('api');
    await until200(`http://127.0.0.1:${ports.api}/readyz`, api);
  }, 60_000);

  it("exports the metric the workers' ScaledObject scales on, with a value", async () => {
    const query = object('ScaledObject', 'nebulahex-worker').spec.triggers[0].metadata.query as string;
    const metric = /\((\w+)\)/.exec(query)?.[1] ?? '';
    const body = await (await fetch(`http://127.0.0.1:${ports.api}/metrics`)).text();
    expect(body).toMatch(new RegExp(`^${metric} \\d+(\\.\\d+)?$`, 'm'));
  });

  it('runs the worker, which answers /readyz, and both health checks pass', async () => {
    const worker = start('worker');
    await until200(`http://127.0.0.1:${ports.worker}/readyz`, worker);
    for (const service of ['api', 'worker']) {
      const [, script, ...args] = (compose.services[service].healthcheck?.test ?? []).slice(1);
      const check = await processes.run(script.replace(/^dist\//, ''), args, serviceEnv(service));
      expect(check.code, `${service} health check: ${check.stderr}`).toBe(0);
    }
    await worker.stop();
    const refused = await processes.run('cli.js', ['healthcheck', '--worker'], serviceEnv('worker'));
    expect(refused.code).toBe(1);
  }, 60_000);
});
