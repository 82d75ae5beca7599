import { Module } from '@nestjs/common';
import { SlidingWindowModule } from '../../common/rate-limit/rate-limit.module';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { DashboardSessionsRepository } from './dashboard-sessions.repository';
import { DashboardSessionsService } from './dashboard-sessions.service';

@Module({
  imports: [SlidingWindowModule],
  controllers: [AuthController],
  providers: [
    ApiKeysService,
    ApiKeysRepository,
    ApiKeyCache,
    DashboardSessionsService,
    DashboardSessionsRepository,
  ],
  exports: [ApiKeysService, DashboardSessionsService],
})
export class AuthModule {}
