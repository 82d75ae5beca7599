import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { HooksRepository } from '../hooks/hooks.repository';
import { StateGauges } from './state-gauges';

/**
 * What every serving process measures at scrape time (imported by the API and the worker; one
 * instance in the all-in-one process).
 */
@Module({
  imports: [EventsModule],
  providers: [HooksRepository, StateGauges],
})
export class MonitoringModule {}
