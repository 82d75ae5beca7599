import { Module } from '@nestjs/common';
import { TriggersController } from './triggers.controller';

@Module({ controllers: [TriggersController] })
export class TriggersModule {}
