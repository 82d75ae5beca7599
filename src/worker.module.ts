import { Module } from '@nestjs/common';
import { DeliveryModule } from './modules/hooks/delivery/delivery.module';

/**
 * The worker's part: no controllers, no guards. The outbox relay turns committed events into
 * deliveries and queue jobs; the BullMQ processor delivers them (see docs/decisions.md, Webhooks).
 */
@Module({ imports: [DeliveryModule] })
export class WorkerModule {}
