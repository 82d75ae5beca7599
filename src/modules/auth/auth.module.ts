import { Module } from '@nestjs/common';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';

@Module({
  controllers: [AuthController],
  providers: [ApiKeysService, ApiKeyCache],
  exports: [ApiKeysService],
})
export class AuthModule {}
