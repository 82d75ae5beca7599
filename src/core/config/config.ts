import { isAbsolute, resolve } from 'node:path';

/** The service's whole configuration, read from the environment once at start (README, Configuration). */
export interface AppConfig {
  /** `postgres://…`; null means "start the embedded PostgreSQL in `dataDir`". May be a transaction-mode pooler. */
  databaseUrl: string | null;
  /**
   * A session connection to the same database (never through a transaction-mode pooler), for what
   * needs one: LISTEN, session advisory locks (migrations) and BullMQ's PostgreSQL backend. Null:
   * `databaseUrl` serves for those too.
   */
  databaseDirectUrl: string | null;
  /** Connections in the MikroORM pool of one process. */
  databasePoolMax: number;
  /** `redis://…`; null means "no Redis on this machine". */
  redisUrl: string | null;
  port: number;
  host: string;
  /**
   * The origin browsers reach the service at (`https://nebulahex.example.com`, no trailing slash):
   * sign-in links point there, and the session cookie is `Secure` unless it is plain-HTTP loopback.
   */
  publicUrl: string;
  /** Absolute path: embedded database files and the generated secret key. */
  dataDir: string;
  /** 32 bytes for AES-256-GCM; null only until the embedded default generates or loads it. */
  secretKey: Buffer | null;
  /** Default requests per key in any sliding window of `rateLimitWindowMs` (a key or workspace may override it). */
  rateLimitPerMinute: number;
  /** Length of the rate-limit window: 60 s in production; tests shorten it (same code path). */
  rateLimitWindowMs: number;
  /** Widget sessions one client address may start per window (every bot together). */
  widgetSessionsPerMinute: number;
  /** Customer messages one widget session may send per window. */
  widgetMessagesPerMinute: number;
  /** Polls (`GET …/messages`) one widget session may make per window. */
  widgetPollsPerMinute: number;
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (per-IP limits, logs):
   * false (none), true (any), a hop count, or addresses/CIDRs.
   */
  trustProxy: boolean | number | string[];
  webhookTimeoutMs: number;
  /** Waits between delivery attempts, in milliseconds (attempts = length + 1). */
  webhookRetryScheduleMs: number[];
  allowPrivateTargets: boolean;
  /** Namespace of the service's keys in Redis (queues use the hash tag `{<prefix>}`). */
  redisPrefix: string;
  /** Webhook attempts one worker process runs at once. */
  webhookConcurrency: number;
  /**
   * The standalone worker's probe and metrics listener (`/healthz`, `/readyz`, `/metrics`) on `host`;
   * 0 turns it off.
   */
  workerPort: number;
  /** How long a process may take to stop after SIGTERM/SIGINT (attempts and requests in flight). */
  shutdownTimeoutMs: number;
  logLevel: LogLevel;
  /** OpenTelemetry tracing is on (see `tracingRequested`); the SDK reads the other `OTEL_*` itself. */
  tracing: boolean;
}

/** A configuration whose database and secret key are known: what the running service works with. */
export type ResolvedConfig = AppConfig & {
  databaseUrl: string;
  databaseDirectUrl: string;
  secretKey: Buffer;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Raised for an invalid environment; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const parsed = Number(raw);
  if (parsed < min || parsed > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${raw}`);
  return parsed;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = value(env, name);
  if (raw === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(' or ')}//…)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw;
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** True for `http://localhost`, `http://127.0.0.1` and `http://[::1]` (any port): no TLS, no `Secure` cookie. */
export function isPlainLoopback(publicUrl: string): boolean {
  const parsed = new URL(publicUrl);
  return parsed.protocol === 'http:' && LOOPBACK_HOSTS.includes(parsed.hostname);
}

/**
 * `NHX_PUBLIC_URL`: an origin only. Plain HTTP is refused except on loopback, since the session
 * cookie is `Secure` everywhere else and a browser would never send it back over HTTP.
 */
function publicUrl(env: Env, port: number): string {
  const name = 'NHX_PUBLIC_URL';
  const raw = url(env, name, ['https:', 'http:']) ?? `http://localhost:${port}`;
  const parsed = new URL(raw);
  if (parsed.pathname !== '/' || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '') {
    throw new ConfigError(name, `must be an origin only, like https://nebulahex.example.com, got "${raw}"`);
  }
  if (parsed.protocol === 'http:' && !LOOPBACK_HOSTS.includes(parsed.hostname)) {
    throw new ConfigError(
      name,
      `must use https:// unless its host is localhost, 127.0.0.1 or [::1] (the session cookie is Secure), got "${raw}"`,
    );
  }
  return parsed.origin;
}

function trustProxy(env: Env, name: string): boolean | number | string[] {
  const raw = value(env, name);
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (['true', 'false'].includes(lower)) return lower === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(entry))) {
    throw new ConfigError(name, `must be true, false, a hop count or IP addresses/CIDRs, got "${raw}"`);
  }
  return entries;
}

/** Parses `5s,5m,30m,2h` into milliseconds. */
export function parseDurations(name: string, raw: string): number[] {
  return raw.split(',').map((part) => {
    const match = /^(\d+)(ms|s|m|h|d)$/.exec(part.trim());
    if (!match) throw new ConfigError(name, `has "${part.trim()}"; use durations like 5s, 5m, 2h`);
    return Number(match[1]) * DURATION_UNITS_MS[match[2]];
  });
}

/** Decodes a base64 secret key and insists on exactly 32 bytes. */
export function parseSecretKey(name: string, raw: string): Buffer {
  const key = Buffer.from(raw, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || key.length !== 32) {
    throw new ConfigError(name, 'must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)');
  }
  return key;
}

function redisPrefix(env: Env): string {
  const prefix = value(env, 'NHX_REDIS_PREFIX') ?? 'nhx';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) {
    throw new ConfigError('NHX_REDIS_PREFIX', `must be 1 to 64 of A-Z a-z 0-9 _ . -, got "${prefix}"`);
  }
  return prefix;
}

/** Values of `OTEL_TRACES_EXPORTER` the SDK knows (a comma-separated list). */
const TRACES_EXPORTERS = ['otlp', 'console', 'zipkin', 'none'];

/**
 * Whether OpenTelemetry tracing is on: an OTLP endpoint or a traces exporter is configured, and
 * neither says `none` nor is the SDK disabled. Entrypoints ask this before anything else is loaded,
 * so it reads the environment and never throws; `loadConfig` reports invalid values afterwards.
 */
export function tracingRequested(env: Env = process.env): boolean {
  const exporters = value(env, 'OTEL_TRACES_EXPORTER');
  const endpoint =
    value(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? value(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (value(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return false;
  if (exporters !== undefined) return exporters.split(',')[0].trim().toLowerCase() !== 'none';
  return endpoint !== undefined;
}

/** Validates the tracing variables whose mistakes the SDK would only log; returns whether tracing is on. */
function tracing(env: Env): boolean {
  const exporters = value(env, 'OTEL_TRACES_EXPORTER');
  for (const exporter of exporters?.split(',') ?? []) {
    if (!TRACES_EXPORTERS.includes(exporter.trim().toLowerCase())) {
      throw new ConfigError(
        'OTEL_TRACES_EXPORTER',
        `must be a list of ${TRACES_EXPORTERS.join(', ')}, got "${exporters}"`,
      );
    }
  }
  url(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']);
  url(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', ['http:', 'https:']);
  return tracingRequested(env);
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseDirectUrl = url(env, 'DATABASE_DIRECT_URL', ['postgres:', 'postgresql:']);
  if (databaseDirectUrl && !databaseUrl) {
    throw new ConfigError('DATABASE_DIRECT_URL', 'needs DATABASE_URL (the embedded database has no pooler)');
  }
  const rawSecret = value(env, 'NHX_SECRET_KEY');
  if (databaseUrl && rawSecret === undefined) {
    throw new ConfigError('NHX_SECRET_KEY', 'is required when DATABASE_URL is set (32 bytes, base64)');
  }
  const logLevel = (value(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const schedule = parseDurations(
    'NHX_WEBHOOK_RETRY_SCHEDULE',
    value(env, 'NHX_WEBHOOK_RETRY_SCHEDULE') ?? '5s,5m,30m,2h,5h,10h,10h',
  );
  const dataDir = value(env, 'NHX_DATA_DIR') ?? './.nebulahex';
  const port = integer(env, 'PORT', 3000, 0, 65_535);
  return {
    databaseUrl,
    databaseDirectUrl,
    databasePoolMax: integer(env, 'DATABASE_POOL_MAX', 20, 1, 1_000),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    port,
    host: value(env, 'HOST') ?? '0.0.0.0',
    publicUrl: publicUrl(env, port),

    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    secretKey: rawSecret === undefined ? null : parseSecretKey('NHX_SECRET_KEY', rawSecret),
    rateLimitPerMinute: integer(env, 'NHX_RATE_LIMIT_PER_MINUTE', 60, 1, 1_000_000),
    rateLimitWindowMs: integer(env, 'NHX_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3_600) * 1_000,
    widgetSessionsPerMinute: integer(env, 'NHX_WIDGET_SESSIONS_PER_MINUTE', 60, 1, 1_000_000),
    widgetMessagesPerMinute: integer(env, 'NHX_WIDGET_MESSAGES_PER_MINUTE', 20, 1, 1_000_000),
    widgetPollsPerMinute: integer(env, 'NHX_WIDGET_POLLS_PER_MINUTE', 60, 1, 1_000_000),
    trustProxy: trustProxy(env, 'NHX_TRUST_PROXY'),
    webhookTimeoutMs: integer(env, 'NHX_WEBHOOK_TIMEOUT_MS', 15_000, 100, 300_000),
    webhookRetryScheduleMs: schedule,
    allowPrivateTargets: boolean(env, 'NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS', false),
    redisPrefix: redisPrefix(env),
    webhookConcurrency: integer(env, 'NHX_WEBHOOK_CONCURRENCY', 64, 1, 512),
    workerPort: integer(env, 'NHX_WORKER_PORT', 9464, 0, 65_535),
    shutdownTimeoutMs: integer(env, 'NHX_SHUTDOWN_TIMEOUT_MS', 20_000, 1_000, 600_000),
    logLevel: logLevel as LogLevel,
    tracing: tracing(env),
  };
}
