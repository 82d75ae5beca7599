import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../core/logging/logger.token';
import { toApiError } from '../http/errors';
import { sendApiError } from '../http/send-error';

/**
 * Every exception escaping a handler, guard or pipe, and Fastify's own errors (which Nest routes
 * here), leave as the documented error envelope. Unexpected ones are logged and answered as a bare 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { error, unexpected } = toApiError(exception);
    if (unexpected) {
      this.logger.error(
        { err: exception, requestId: request.id, route: request.routeOptions?.url },
        'unhandled error',
      );
    }
    sendApiError(reply, String(request.id), error);
  }
}
