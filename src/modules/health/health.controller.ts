import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/decorators/auth.decorator';
import { HealthDto } from './dto/health.dto';

@ApiTags('Operations')
@Controller()
export class HealthController {
  constructor(private readonly em: EntityManager) {}

  @Get('healthz')
  @Public()
  @ApiOperation({
    operationId: 'liveness',
    summary: 'Liveness: the process answers',
    description: 'Public, outside `/api/v1`; checks no dependency.',
  })
  @ApiOkResponse({ description: 'The process is up.', type: HealthDto, example: { status: 'ok' } })
  liveness(): HealthDto {
    return { status: 'ok' };
  }

  @Get('readyz')
  @Public()
  @ApiOperation({
    operationId: 'readiness',
    summary: 'Readiness: the database answers',
    description: 'Public, outside `/api/v1`; answers 503 while a dependency is down.',
  })
  @ApiOkResponse({
    description: 'Every dependency answers.',
    type: HealthDto,
    example: { status: 'ok', checks: { database: 'up' } },
  })
  @ApiServiceUnavailableResponse({
    description: 'A dependency does not answer; `checks` says which.',
    type: HealthDto,
    example: { status: 'unavailable', checks: { database: 'down' } },
  })
  async readiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const database = await this.em
      .getConnection()
      .execute('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    if (database === 'down') void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: database === 'up' ? 'ok' : 'unavailable', checks: { database } };
  }
}
