import { Module } from '@nestjs/common';
import { SlidingWindowModule } from '../../common/rate-limit/rate-limit.module';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';

@Module({
  imports: [SlidingWindowModule],
  controllers: [AuthController],
  providers: [ApiKeysService, ApiKeyCache],
  exports: [ApiKeysService],
})
export class AuthModule {}
