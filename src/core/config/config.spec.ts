import { describe, expect, it } from 'vitest';
import { ConfigError, isPlainLoopback, loadConfig, parseDurations, tracingRequested } from './config';

const KEY = Buffer.alloc(32, 7).toString('base64');

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv/app');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toEqual({
      databaseUrl: null,
      databaseDirectUrl: null,
      databasePoolMax: 20,
      redisUrl: null,
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      dataDir: '/srv/app/.nebulahex',
      secretKey: null,
      rateLimitPerMinute: 60,
      rateLimitWindowMs: 60_000,
      widgetSessionsPerMinute: 60,
      widgetMessagesPerMinute: 20,
      widgetPollsPerMinute: 60,
      redisPrefix: 'nhx',
      trustProxy: false,
      webhookTimeoutMs: 15_000,
      webhookRetryScheduleMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
      allowPrivateTargets: false,
      webhookConcurrency: 64,
      workerPort: 9464,
      shutdownTimeoutMs: 20_000,
      logLevel: 'info',
      tracing: false,
    });
  });

  it('reads the worker port (0 turns it off) and the shutdown timeout', () => {
    expect(loadConfig({ NHX_WORKER_PORT: '0', NHX_SHUTDOWN_TIMEOUT_MS: '5000' })).toMatchObject({
      workerPort: 0,
      shutdownTimeoutMs: 5_000,
    });
    expect(loadConfig({ NHX_WORKER_PORT: '65535' }).workerPort).toBe(65_535);
    expect(errorOf({ NHX_WORKER_PORT: '65536' }).variable).toBe('NHX_WORKER_PORT');
    expect(errorOf({ NHX_WORKER_PORT: '-1' }).variable).toBe('NHX_WORKER_PORT');
    expect(errorOf({ NHX_WORKER_PORT: 'metrics' }).variable).toBe('NHX_WORKER_PORT');
    expect(errorOf({ NHX_SHUTDOWN_TIMEOUT_MS: '20s' }).variable).toBe('NHX_SHUTDOWN_TIMEOUT_MS');
    expect(errorOf({ NHX_SHUTDOWN_TIMEOUT_MS: '10' }).variable).toBe('NHX_SHUTDOWN_TIMEOUT_MS');
  });

  it('validates the webhook concurrency and the Redis prefix', () => {
    expect(loadConfig({ NHX_WEBHOOK_CONCURRENCY: '4', NHX_REDIS_PREFIX: 'acme-prod' })).toMatchObject({
      webhookConcurrency: 4,
      redisPrefix: 'acme-prod',
    });
    expect(() => loadConfig({ NHX_WEBHOOK_CONCURRENCY: '0' })).toThrow(/NHX_WEBHOOK_CONCURRENCY/);
    expect(() => loadConfig({ NHX_REDIS_PREFIX: 'a b' })).toThrow(/NHX_REDIS_PREFIX/);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://u@pgbouncer:6432/nhx',
        DATABASE_DIRECT_URL: 'postgresql://u@db:5432/nhx',
        DATABASE_POOL_MAX: '40',
        REDIS_URL: 'redis://cache:6379',
        PORT: '8080',
        HOST: '127.0.0.1',
        NHX_DATA_DIR: '/var/lib/nhx',
        NHX_SECRET_KEY: KEY,
        NHX_RATE_LIMIT_PER_MINUTE: '120',
        NHX_RATE_LIMIT_WINDOW_SECONDS: '3',
        NHX_WIDGET_SESSIONS_PER_MINUTE: '10',
        NHX_WIDGET_MESSAGES_PER_MINUTE: '5',
        NHX_WIDGET_POLLS_PER_MINUTE: '30',
        NHX_REDIS_PREFIX: 'nhx-test.1',
        NHX_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
        NHX_WEBHOOK_TIMEOUT_MS: '2000',
        NHX_WEBHOOK_RETRY_SCHEDULE: '1s,2s',
        NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        LOG_LEVEL: 'DEBUG',
        NHX_PUBLIC_URL: 'https://support.acme.example/',
      },
      '/srv/app',
    );
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u@pgbouncer:6432/nhx',
      databaseDirectUrl: 'postgresql://u@db:5432/nhx',
      databasePoolMax: 40,
      redisUrl: 'redis://cache:6379',
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/nhx',
      rateLimitPerMinute: 120,
      rateLimitWindowMs: 3_000,
      widgetSessionsPerMinute: 10,
      widgetMessagesPerMinute: 5,
      widgetPollsPerMinute: 30,
      redisPrefix: 'nhx-test.1',
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      webhookTimeoutMs: 2000,
      webhookRetryScheduleMs: [1000, 2000],
      allowPrivateTargets: true,
      logLevel: 'debug',
      publicUrl: 'https://support.acme.example',
    });
    expect(config.secretKey?.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ NHX_WORKER_PORT: '65536' }, 'NHX_WORKER_PORT'],
    [{ NHX_WORKER_PORT: 'x' }, 'NHX_WORKER_PORT'],
    [{ DATABASE_URL: 'mysql://x', NHX_SECRET_KEY: KEY }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url', NHX_SECRET_KEY: KEY }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://u@db/x' }, 'NHX_SECRET_KEY'],
    [{ NHX_SECRET_KEY: 'short' }, 'NHX_SECRET_KEY'],
    [{ NHX_SECRET_KEY: Buffer.alloc(31).toString('base64') }, 'NHX_SECRET_KEY'],
    [{ DATABASE_DIRECT_URL: 'postgres://u@db/x', NHX_SECRET_KEY: KEY }, 'DATABASE_DIRECT_URL'],
    [
      { DATABASE_URL: 'postgres://u@db/x', DATABASE_DIRECT_URL: 'redis://db', NHX_SECRET_KEY: KEY },
      'DATABASE_DIRECT_URL',
    ],
    [{ DATABASE_POOL_MAX: '0' }, 'DATABASE_POOL_MAX'],
    [{ DATABASE_POOL_MAX: 'lots' }, 'DATABASE_POOL_MAX'],
    [{ REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    [{ NHX_RATE_LIMIT_PER_MINUTE: '0' }, 'NHX_RATE_LIMIT_PER_MINUTE'],
    [{ NHX_RATE_LIMIT_PER_MINUTE: '1.5' }, 'NHX_RATE_LIMIT_PER_MINUTE'],
    [{ NHX_RATE_LIMIT_WINDOW_SECONDS: '0' }, 'NHX_RATE_LIMIT_WINDOW_SECONDS'],
    [{ NHX_WIDGET_SESSIONS_PER_MINUTE: '0' }, 'NHX_WIDGET_SESSIONS_PER_MINUTE'],
    [{ NHX_WIDGET_MESSAGES_PER_MINUTE: 'many' }, 'NHX_WIDGET_MESSAGES_PER_MINUTE'],
    [{ NHX_WIDGET_POLLS_PER_MINUTE: '-5' }, 'NHX_WIDGET_POLLS_PER_MINUTE'],
    [{ NHX_REDIS_PREFIX: 'has space' }, 'NHX_REDIS_PREFIX'],
    [{ NHX_TRUST_PROXY: 'lb.internal' }, 'NHX_TRUST_PROXY'],
    [{ NHX_WEBHOOK_TIMEOUT_MS: 'soon' }, 'NHX_WEBHOOK_TIMEOUT_MS'],
    [{ NHX_WEBHOOK_RETRY_SCHEDULE: '5s,5x' }, 'NHX_WEBHOOK_RETRY_SCHEDULE'],
    [{ NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'maybe' }, 'NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ OTEL_TRACES_EXPORTER: 'otlp,jaegerish' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [{ NHX_PUBLIC_URL: 'support.acme.example' }, 'NHX_PUBLIC_URL'],
    [{ NHX_PUBLIC_URL: 'ftp://support.acme.example' }, 'NHX_PUBLIC_URL'],
    [{ NHX_PUBLIC_URL: 'https://acme.example/dashboard' }, 'NHX_PUBLIC_URL'],
    [{ NHX_PUBLIC_URL: 'https://acme.example/?a=1' }, 'NHX_PUBLIC_URL'],
    [{ NHX_PUBLIC_URL: 'http://support.acme.example' }, 'NHX_PUBLIC_URL'],
  ])('refuses %j naming %s', (env, variable) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('turns tracing on only when an exporter or an OTLP endpoint is configured', () => {
    const on = (env: Record<string, string>) => [tracingRequested(env), loadConfig(env).tracing];
    expect(on({})).toEqual([false, false]);
    expect(on({ OTEL_SERVICE_NAME: 'nebulahex', OTEL_TRACES_EXPORTER: '' })).toEqual([false, false]);
    expect(on({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual([true, true]);
    expect(on({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/v1/traces' })).toEqual([true, true]);
    expect(on({ OTEL_TRACES_EXPORTER: 'console' })).toEqual([true, true]);
    expect(on({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toEqual([
      false,
      false,
    ]);
    expect(on({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' })).toEqual([false, false]);
  });

  it('defaults the public URL to localhost on PORT and allows plain HTTP on loopback only', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ NHX_PUBLIC_URL: 'http://127.0.0.1:3000' }).publicUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ NHX_PUBLIC_URL: 'http://[::1]:3000' }).publicUrl).toBe('http://[::1]:3000');
    expect(isPlainLoopback('http://localhost:3000')).toBe(true);
    expect(isPlainLoopback('https://localhost:3000')).toBe(false);
    expect(isPlainLoopback('https://support.acme.example')).toBe(false);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }, '/').port).toBe(3000);
  });
});

describe('parseDurations', () => {
  it('parses units', () => {
    expect(parseDurations('X', '250ms, 5s,5m,2h,1d')).toEqual([250, 5_000, 300_000, 7_200_000, 86_400_000]);
  });
});
