import { Global, Module } from '@nestjs/common';
import { IdempotencyRepository } from './idempotency.repository';

/**
 * What `@Idempotent()` routes need. Global: the interceptor is instantiated in the module of each
 * controller that uses it, whichever feature module that is.
 */
@Global()
@Module({ providers: [IdempotencyRepository], exports: [IdempotencyRepository] })
export class IdempotencyModule {}
