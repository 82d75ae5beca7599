import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MonitoringModule } from './monitoring.module';

/** The operations endpoints on the API's port: liveness, readiness and metrics (public, never rate-limited). */
@Module({
  imports: [MonitoringModule],
  controllers: [HealthController, MetricsController],
})
export class HealthModule {}
