import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../core/config/config';
import { IdempotencyModule } from '../common/idempotency/idempotency.module';
import { CoreModule } from '../core/core.module';
import { AuthModule } from '../modules/auth/auth.module';
import { BotsModule } from '../modules/bots/bots.module';
import { ConversationsModule } from '../modules/conversations/conversations.module';
import { EventsModule } from '../modules/events/events.module';
import { WorkspacesModule } from '../modules/workspaces/workspaces.module';
import { DemoSeeder } from './demo';
import { DemoTimelineRepository } from './demo-timeline.repository';

/**
 * What operators act through (the CLI standing in for the dashboard; tests seed data the same way):
 * the core in one-shot mode plus the services that create workspaces, members, keys and bots, and
 * the conversation and outbox services the demo seed writes through.
 */
@Module({})
export class OperatorModule {
  static forRoot(config: ResolvedConfig, logger: Logger): DynamicModule {
    return {
      module: OperatorModule,
      imports: [
        CoreModule.forRoot(config, logger, { oneShot: true }),
        // The feature modules' controllers come along, and with them `@Idempotent()`'s interceptor.
        IdempotencyModule,
        AuthModule,
        BotsModule,
        WorkspacesModule,
        ConversationsModule,
        EventsModule,
      ],
      providers: [DemoSeeder, DemoTimelineRepository],
      exports: [AuthModule, BotsModule, WorkspacesModule, ConversationsModule, EventsModule, DemoSeeder],
    };
  }
}
