import { Module } from '@nestjs/common';
import { HooksController } from './hooks.controller';
import { HooksService } from './hooks.service';

/** Webhook subscriptions (the API side); delivery lives in the worker's DeliveryModule. */
@Module({ controllers: [HooksController], providers: [HooksService] })
export class HooksModule {}
