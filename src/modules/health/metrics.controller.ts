import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/decorators/auth.decorator';
import { Metrics } from '../../core/metrics/metrics';

@ApiTags('Operations')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get('metrics')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    description:
      'Public, outside `/api/v1`, in the Prometheus text format: request durations by route and status, rate-limit rejections, the outbox lag, deliveries due and paused subscriptions (read from the database at scrape time), the webhook attempts this process made and, when it runs the worker, the queue depth; and process metrics. Restrict it at the load balancer if it should not be reachable from outside.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The metrics of this process.',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example:
          '# HELP nhx_rate_limit_rejections_total Requests answered 429, by rate-limit policy\n# TYPE nhx_rate_limit_rejections_total counter\nnhx_rate_limit_rejections_total{policy="default"} 3\n',
      },
    },
  })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.scrape();
    void reply.header('Content-Type', contentType);
    return body;
  }
}
