import { Module, type DynamicModule } from '@nestjs/common';
import type { ResolvedConfig } from './core/config/config';
import { MonitoringModule } from './modules/health/monitoring.module';
import { WorkerProbesModule } from './modules/health/worker-probes.module';
import { DeliveryModule } from './modules/hooks/delivery/delivery.module';

/**
 * The worker's part: no controllers, no guards. The outbox relay turns committed events into
 * deliveries and queue jobs; the BullMQ processor delivers them; the retention job purges (see
 * docs/decisions.md, Webhooks). `standalone`: a worker process of its own, which serves its probes
 * and metrics on `NHX_WORKER_PORT`; beside the API (the all-in-one), the API's port serves them.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: ResolvedConfig, options: { standalone: boolean }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [DeliveryModule.forRoot(config), options.standalone ? WorkerProbesModule : MonitoringModule],
    };
  }
}
