import { Inject, Module, type ExecutionContext, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { REDIS } from '../../core/redis/redis.module';
import type { Principal } from '../auth/principal';
import { RateLimitGuard, type RateLimitThrottler } from './rate-limit.guard';
import { RedisSlidingWindowStorage } from './redis-sliding-window';
import { MemorySlidingWindowStorage, type SlidingWindowStorage } from './sliding-window';

const principalOf = (context: ExecutionContext): Principal | undefined =>
  context.switchToHttp().getRequest<{ principal?: Principal }>().principal;

/** The process's `SlidingWindowStorage`: the limiter's windows and the revoked credentials. */
export const SLIDING_WINDOW_STORAGE = Symbol('SLIDING_WINDOW_STORAGE');

/** Redis when configured (shared by every API instance), else this process's memory. */
export function createSlidingWindowStorage(
  config: ResolvedConfig,
  redis: Redis | null,
): SlidingWindowStorage {
  return redis ? new RedisSlidingWindowStorage(redis, config.redisPrefix) : new MemorySlidingWindowStorage();
}

/**
 * The storage on its own, for what revokes credentials (the API key service) without limiting
 * anything. The Redis storage connects on first use, so a process that never uses it (the CLI)
 * never connects.
 */
@Module({
  providers: [
    { provide: SLIDING_WINDOW_STORAGE, inject: [APP_CONFIG, REDIS], useFactory: createSlidingWindowStorage },
  ],
  exports: [SLIDING_WINDOW_STORAGE],
})
export class SlidingWindowModule implements OnApplicationShutdown {
  constructor(@Inject(SLIDING_WINDOW_STORAGE) private readonly storage: SlidingWindowStorage) {}

  /** After the HTTP server has drained: in-flight requests still count. */
  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}

/**
 * The API's two limits (README, Rate limits, CORS and headers), both over the same sliding window:
 * - `default`: per API key (or dashboard session), the key's own limit, else its workspace's, else
 *   `NHX_RATE_LIMIT_PER_MINUTE`; its check also refuses a key revoked since this instance cached it
 *   (see `AuthGuard`);
 * - `anonymous`: per client address (IPv6 per /64), for requests without a valid key.
 * Which one applies depends on whether authentication succeeded; exactly one counts each request.
 */
export function rateLimitOptions(
  config: ResolvedConfig,
  storage: SlidingWindowStorage,
): ThrottlerModuleOptions {
  const throttlers: RateLimitThrottler[] = [
    {
      name: 'default',
      ttl: config.rateLimitWindowMs,
      limit: (context) => principalOf(context)?.rateLimitPerMinute ?? config.rateLimitPerMinute,
      skipIf: (context) => !principalOf(context),
      getTracker: (request) => (request as { principal: Principal }).principal.credentialId,
      revocable: true,
    },
    {
      name: 'anonymous',
      ttl: config.rateLimitWindowMs,
      limit: config.rateLimitPerMinute,
      skipIf: (context) => Boolean(principalOf(context)),
    },
  ];
  return {
    storage,
    setHeaders: false,
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    throttlers,
  };
}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [SlidingWindowModule],
      inject: [APP_CONFIG, SLIDING_WINDOW_STORAGE],
      useFactory: rateLimitOptions,
    }),
  ],
  providers: [RateLimitGuard],
  exports: [RateLimitGuard],
})
export class RateLimitModule {}
