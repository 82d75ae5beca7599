import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { RuntimeModule } from '../runtime/runtime.module';
import { WidgetDemoController } from './widget-demo.controller';
import { WidgetController } from './widget.controller';
import { WidgetService } from './widget.service';

/** The public widget channel (`/widget/v1`) and its demo chat page. */
@Module({
  imports: [ConversationsModule, RuntimeModule],
  controllers: [WidgetController, WidgetDemoController],
  providers: [WidgetService],
})
export class WidgetModule {}
