import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { EventsModule } from '../events/events.module';
import { RuntimeService } from './runtime.service';

/** The bot engine and the runtime that runs it on customer messages. No controllers: channels call it. */
@Module({
  imports: [ConversationsModule, EventsModule],
  providers: [RuntimeService],
  exports: [RuntimeService],
})
export class RuntimeModule {}
