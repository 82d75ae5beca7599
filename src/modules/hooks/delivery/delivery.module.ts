import { Module } from '@nestjs/common';
import { EventsModule } from '../../events/events.module';
import { DeliveryProcessor } from './delivery-processor';
import { DeliveryQueue } from './delivery-queue';
import { OutboxRelay } from './outbox-relay';

/** The worker's webhook side: outbox relay, due-delivery sweep, BullMQ queue and processor. */
@Module({
  imports: [EventsModule],
  providers: [DeliveryQueue, DeliveryProcessor, OutboxRelay],
  exports: [DeliveryQueue, OutboxRelay],
})
export class DeliveryModule {}
