import { Module } from '@nestjs/common';
import { MonitoringModule } from './monitoring.module';
import { WorkerProbeListener } from './worker-probe-listener';

/** The standalone worker's probes and metrics on `NHX_WORKER_PORT` (the API's port serves them otherwise). */
@Module({
  imports: [MonitoringModule],
  providers: [WorkerProbeListener],
  exports: [WorkerProbeListener],
})
export class WorkerProbesModule {}
