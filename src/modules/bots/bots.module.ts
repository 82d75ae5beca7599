import { Module } from '@nestjs/common';
import { BotsCache } from './bots-cache';
import { BotsController } from './bots.controller';
import { BotsService } from './bots.service';

@Module({ controllers: [BotsController], providers: [BotsService, BotsCache], exports: [BotsService] })
export class BotsModule {}
