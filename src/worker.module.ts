import { Module, type DynamicModule } from '@nestjs/common';
import type { ResolvedConfig } from './core/config/config';
import { DeliveryModule } from './modules/hooks/delivery/delivery.module';

/**
 * The worker's part: no controllers, no guards. The outbox relay turns committed events into
 * deliveries and queue jobs; the BullMQ processor delivers them; the retention job purges (see
 * docs/decisions.md, Webhooks).
 */
@Module({})
export class WorkerModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    return { module: WorkerModule, imports: [DeliveryModule.forRoot(config)] };
  }
}
