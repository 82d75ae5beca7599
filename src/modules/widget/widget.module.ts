import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { BotsModule } from '../bots/bots.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { RuntimeModule } from '../runtime/runtime.module';
import { WidgetDemoController } from './widget-demo.controller';
import { WidgetLimitGuard } from './widget-limit.guard';
import { WidgetSessionsRepository } from './widget-sessions.repository';
import { WidgetController } from './widget.controller';
import { WidgetService } from './widget.service';

/** The public widget channel (`/widget/v1`) and its demo chat page. */
@Module({
  imports: [BotsModule, ConversationsModule, RuntimeModule, RateLimitModule],
  controllers: [WidgetController, WidgetDemoController],
  providers: [WidgetService, WidgetSessionsRepository, WidgetLimitGuard],
})
export class WidgetModule {}
