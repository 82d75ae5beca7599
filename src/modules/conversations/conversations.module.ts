import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ActionsController } from './actions.controller';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';

/** Conversations, their messages and leads; the Actions endpoints that change them. */
@Module({
  imports: [EventsModule],
  controllers: [ConversationsController, ActionsController],
  providers: [ConversationsService, ConversationsRepository],
  exports: [ConversationsService],
})
export class ConversationsModule {}
