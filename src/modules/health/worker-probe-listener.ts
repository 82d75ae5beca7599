import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { errorBody, ApiError } from '../../common/http/errors';
import { requestIdFor } from '../../common/http/request-id';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { Readiness } from '../../core/health/readiness';
import { APP_LOGGER } from '../../core/logging/logger.token';
import { Metrics } from '../../core/metrics/metrics';
import type { HealthDto } from './dto/health.dto';

/**
 * The standalone worker's only listener, on `HOST`:`NHX_WORKER_PORT` (off when 0): `GET /healthz`,
 * `GET /readyz` (the same checks and body as the API's) and `GET /metrics` (this process's registry).
 * A plain node:http server: three fixed answers need no framework, and the worker stays a process
 * without an HTTP application. It listens from bootstrap to the very end of the shutdown, so the
 * last figures of a stopping worker can still be scraped.
 */
@Injectable()
export class WorkerProbeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | null = null;

  constructor(
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** The port it listens on (the configured one, or the one the system chose for 0 in tests); null when off. */
  get port(): number | null {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.workerPort === 0) return;
    const server = createServer((request, response) => {
      this.answer(request, response).catch((error: unknown) => {
        this.logger.error({ err: error, path: request.url }, 'worker probe failed');
        if (!response.headersSent) this.send(response, 500, 'application/json', '{"status":"unavailable"}');
        else response.destroy();
      });
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new Error(
            `NHX_WORKER_PORT: cannot listen on ${this.config.host}:${this.config.workerPort} (${error.code ?? error.message})`,
          ),
        ),
      );
      server.listen(this.config.workerPort, this.config.host, () => resolve());
    });
    this.server = server;
    this.logger.info({ host: this.config.host, port: this.port }, 'worker probes listening');
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?', 1)[0];
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (read && path === '/healthz') {
      return this.json(response, 200, { status: 'ok' } satisfies HealthDto);
    }
    if (read && path === '/readyz') {
      const { ready, checks } = await this.readiness.report();
      return this.json(response, ready ? 200 : 503, {
        status: ready ? 'ok' : 'unavailable',
        checks,
      } satisfies HealthDto);
    }
    if (read && path === '/metrics') {
      const { contentType, body } = await this.metrics.scrape();
      return this.send(response, 200, contentType, body);
    }
    const requestId = requestIdFor(request);
    response.setHeader('X-Request-Id', requestId);
    this.json(
      response,
      404,
      errorBody(ApiError.notFound('route (this port serves GET /healthz, /readyz and /metrics)'), requestId),
    );
  }

  private json(response: ServerResponse, status: number, body: unknown): void {
    this.send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
  }

  private send(response: ServerResponse, status: number, contentType: string, body: string): void {
    response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
    response.end(response.req.method === 'HEAD' ? undefined : body);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
