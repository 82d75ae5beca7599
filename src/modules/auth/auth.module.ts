import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { BearerStrategy } from './bearer.strategy';

@Module({
  imports: [PassportModule],
  controllers: [AuthController],
  providers: [ApiKeysService, BearerStrategy],
  exports: [ApiKeysService],
})
export class AuthModule {}
