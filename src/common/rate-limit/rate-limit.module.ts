import { Module, type ExecutionContext } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { REDIS } from '../../core/redis/redis.module';
import type { Principal } from '../../modules/auth/principal';
import { RateLimitGuard } from './rate-limit.guard';
import { RedisSlidingWindowStorage } from './redis-sliding-window';
import { MemorySlidingWindowStorage, type SlidingWindowStorage } from './sliding-window';

const principalOf = (context: ExecutionContext): Principal | undefined =>
  context.switchToHttp().getRequest<{ principal?: Principal }>().principal;

/** Redis when configured (shared by every API instance), else this process's memory. */
export function createSlidingWindowStorage(
  config: ResolvedConfig,
  redis: Redis | null,
): SlidingWindowStorage {
  return redis ? new RedisSlidingWindowStorage(redis, config.redisPrefix) : new MemorySlidingWindowStorage();
}

/**
 * The API's two limits (SPEC §4), both over the same sliding window:
 * - `default`: per API key, the key's own limit, else its workspace's, else `NHX_RATE_LIMIT_PER_MINUTE`;
 * - `anonymous`: per client address (IPv6 per /64), for requests without a valid key.
 * Which one applies depends on whether authentication succeeded; exactly one counts each request.
 */
export function rateLimitOptions(
  config: ResolvedConfig,
  storage: SlidingWindowStorage,
): ThrottlerModuleOptions {
  return {
    storage,
    setHeaders: false,
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    throttlers: [
      {
        name: 'default',
        ttl: config.rateLimitWindowMs,
        limit: (context) => principalOf(context)?.rateLimitPerMinute ?? config.rateLimitPerMinute,
        skipIf: (context) => !principalOf(context),
        getTracker: (request) => (request as { principal: Principal }).principal.keyId,
      },
      {
        name: 'anonymous',
        ttl: config.rateLimitWindowMs,
        limit: config.rateLimitPerMinute,
        skipIf: (context) => Boolean(principalOf(context)),
      },
    ],
  };
}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: ResolvedConfig, redis: Redis | null) =>
        rateLimitOptions(config, createSlidingWindowStorage(config, redis)),
    }),
  ],
  providers: [RateLimitGuard],
  exports: [RateLimitGuard],
})
export class RateLimitModule {}
