import { DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** The shared Redis connection (`Redis | null`: null without `REDIS_URL`). */
export const REDIS = Symbol('REDIS');

/**
 * A client for short request-path commands: it connects on first use (the CLI never does) and fails
 * a command after one retry or a second rather than holding a request while Redis is away. BullMQ
 * needs its own connections (`maxRetriesPerRequest: null`); do not hand it this one.
 */
export function createRedisClient(url: string, logger: Logger): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
  });
  let reported = false;
  client.on('ready', () => {
    reported = false;
  });
  // ioredis reports every failed reconnection attempt: one line per outage is enough.
  client.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    logger.warn({ err: error }, 'Redis connection failed; retrying');
  });
  return client;
}

@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  static forRoot(redisUrl: string | null, logger: Logger): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS, useFactory: () => (redisUrl ? createRedisClient(redisUrl, logger) : null) },
      ],
      exports: [REDIS],
    };
  }

  /** After the HTTP server has drained (Nest closes it before this hook), so no request loses Redis. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    // Only a connected client has anything to flush; one still (re)connecting is simply dropped.
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
