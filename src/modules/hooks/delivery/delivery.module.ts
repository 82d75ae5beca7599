import { BullModule, Processor } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { setDefaultBackendFactory } from 'bullmq';
import { IdempotencyRepository } from '../../../common/idempotency/idempotency.repository';
import type { ResolvedConfig } from '../../../core/config/config';
import { EventsModule } from '../../events/events.module';
import { HooksRepository } from '../hooks.repository';
import { DeliveryProcessor } from './delivery-processor';
import {
  DELIVERY_QUEUE,
  DeliveryQueue,
  deliveryBackend,
  deliveryQueueOptions,
  deliveryWorkerOptions,
} from './delivery-queue';
import { OutboxRelay } from './outbox-relay';
import { RetentionJob } from './retention-job';

/**
 * The worker's webhook side, one provider per job: `OutboxRelay` (events → deliveries → jobs, and
 * the sweep of due deliveries), `DeliveryProcessor` (the BullMQ processor, started by `BullModule`),
 * `DeliveryQueue` (the producer) and `RetentionJob` (purges).
 */
@Module({})
export class DeliveryModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    setDefaultBackendFactory(deliveryBackend);
    // `@Processor`'s worker options are class metadata, read when BullModule starts the worker; these
    // come from the configuration, which is resolved before Nest boots (one per process).
    Processor(DELIVERY_QUEUE, deliveryWorkerOptions(config))(DeliveryProcessor);
    return {
      module: DeliveryModule,
      imports: [EventsModule, BullModule.registerQueue(deliveryQueueOptions(config))],
      providers: [
        HooksRepository,
        IdempotencyRepository,
        DeliveryQueue,
        DeliveryProcessor,
        OutboxRelay,
        RetentionJob,
      ],
    };
  }
}
