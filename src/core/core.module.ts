import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import type { ResolvedConfig } from './config/config';
import { APP_CONFIG } from './config/config.token';
import { SecretBox } from './crypto/secret-box';
import { Readiness } from './health/readiness';
import { createOrmConfig } from './database/mikro-orm.config';
import { PgNotifications } from './database/pg-notifications';
import { APP_LOGGER } from './logging/logger.token';
import { Metrics } from './metrics/metrics';
import { RedisModule } from './redis/redis.module';

/**
 * What every process shares: the resolved configuration, the logger, the database (MikroORM), Redis
 * (when configured), the metrics registry, the readiness checks, the secret box and the LISTEN connection of the API's caches
 * (opened on first use only). API, worker and CLI all import it with the runtime prepared before Nest boots.
 */
@Global()
@Module({})
export class CoreModule {
  /**
   * `oneShot`: a single-context process (the CLI) may use the global EntityManager directly; servers
   * get a request context per HTTP request and a fork per job instead.
   */
  static forRoot(config: ResolvedConfig, logger: Logger, options: { oneShot?: boolean } = {}): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        MikroOrmModule.forRoot({
          ...createOrmConfig(config.databaseUrl, {
            poolMax: config.databasePoolMax,
            allowGlobalContext: options.oneShot ?? false,
          }),
          // HTTP processes register their own, lazier request context (createHttpApp).
          registerRequestContext: false,
        }),
        RedisModule.forRoot(config.redisUrl, logger),
        TerminusModule.forRoot({ logger: false }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_LOGGER, useValue: logger },
        { provide: SecretBox, useValue: new SecretBox(config.secretKey) },
        Metrics,
        PgNotifications,
        Readiness,
      ],
      exports: [APP_CONFIG, APP_LOGGER, SecretBox, Metrics, PgNotifications, Readiness],
    };
  }
}
