import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  MikroOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { Public } from '../../common/decorators/auth.decorator';
import { REDIS } from '../../core/redis/redis.module';
import { HealthDto } from './dto/health.dto';

/** How long one dependency may take to answer a readiness probe. */
const CHECK_TIMEOUT_MS = 1_500;

@ApiTags('Operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: MikroOrmHealthIndicator,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

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
    description: `Public, outside \`/api/v1\`; answers 503 while a dependency is down (or within ${CHECK_TIMEOUT_MS} ms does not answer).`,
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
    let result: HealthCheckResult;
    try {
      result = await this.health.check(this.readinessChecks());
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    }
    const checks = Object.fromEntries(
      Object.entries(result.details).map(([name, detail]) => [
        name,
        detail.status === 'down' ? 'down' : 'up',
      ]),
    ) as HealthDto['checks'];
    return { status: result.status === 'error' ? 'unavailable' : 'ok', checks };
  }

  /** The dependencies a request may need. A queue backend joins here when the API enqueues jobs. */
  private readinessChecks(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [
      () => this.database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
    ];
    const redis = this.redis;
    if (redis) {
      checks.push(() =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            await redis.ping();
          })
          .withTimeout(CHECK_TIMEOUT_MS),
      );
    }
    return checks;
  }
}
