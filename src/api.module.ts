import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApiExceptionFilter } from './common/filters/api-exception.filter';
import { createValidationPipe } from './common/http/validation';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { AuthGuard } from './modules/auth/auth.guard';
import { AuthModule } from './modules/auth/auth.module';
import { BotsModule } from './modules/bots/bots.module';
import { ConversationsModule } from './modules/conversations/conversations.module';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { EventsModule } from './modules/events/events.module';
import { HealthModule } from './modules/health/health.module';
import { HooksModule } from './modules/hooks/hooks.module';
import { TriggersModule } from './modules/triggers/triggers.module';
import { WidgetModule } from './modules/widget/widget.module';

/**
 * The HTTP API: feature modules with the app-wide guard (authentication, then the rate limit),
 * validation pipe and error filter. Idempotency is per route (`@Idempotent()`).
 */
@Module({
  imports: [
    IdempotencyModule,
    AuthModule,
    RateLimitModule,
    BotsModule,
    ConversationsModule,
    HooksModule,
    TriggersModule,
    EventsModule,
    HealthModule,
    WidgetModule,
    DashboardModule,
  ],
  providers: [
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class ApiModule {}
