import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { HooksController } from './hooks.controller';
import { HooksRepository } from './hooks.repository';
import { HooksService } from './hooks.service';

/** Webhook subscriptions (the API side); delivery lives in the worker's DeliveryModule. */
@Module({
  imports: [EventsModule],
  controllers: [HooksController],
  providers: [HooksService, HooksRepository],
})
export class HooksModule {}
