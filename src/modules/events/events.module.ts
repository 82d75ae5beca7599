import { Module } from '@nestjs/common';
import { EventSequencer } from './event-sequencer.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/**
 * The outbox: written by every module that changes state, read by `GET /events` and the webhook
 * relay; both run the sequencer that gives committed events their place in the feed.
 */
@Module({
  controllers: [EventsController],
  providers: [EventsService, EventSequencer],
  exports: [EventsService, EventSequencer],
})
export class EventsModule {}
