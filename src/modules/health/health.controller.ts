import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/decorators/auth.decorator';
import { CHECK_TIMEOUT_MS, Readiness } from '../../core/health/readiness';
import { HealthDto } from './dto/health.dto';

@ApiTags('Operations')
@Controller()
export class HealthController {
  constructor(private readonly readinessChecks: Readiness) {}
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
    summary: 'Readiness: the database (and Redis, when configured) answers',
    description: `Public, outside \`/api/v1\`; answers 503 while a dependency is down (or within ${CHECK_TIMEOUT_MS} ms does not answer). A process that also runs the webhook worker (\`npm start\`) checks its queue and its LISTEN connection too.`,
  })
  @ApiOkResponse({
    description: 'Every dependency answers.',
    type: HealthDto,
    example: { status: 'ok', checks: { database: 'up', redis: 'up' } },
  })
  @ApiServiceUnavailableResponse({
    description: 'A dependency does not answer; `checks` says which.',
    type: HealthDto,
    example: { status: 'unavailable', checks: { database: 'up', redis: 'down' } },
  })
  async readiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const { ready, checks } = await this.readinessChecks.report();
    if (!ready) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ok' : 'unavailable', checks };
  }
}
