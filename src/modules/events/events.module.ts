import { Module } from '@nestjs/common';
import { EventSequencer } from './event-sequencer.service';
import { EventsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/**
 * The outbox: written by every module that changes state, read by `GET /events` and the webhook
 * relay; both run the sequencer that gives committed events their place in the feed. Other modules
 * reach the `events` table only through `EventsService` and `EventsRepository`.
 */
@Module({
  controllers: [EventsController],
  providers: [EventsService, EventSequencer, EventsRepository],
  exports: [EventsService, EventSequencer, EventsRepository],
})
export class EventsModule {}
