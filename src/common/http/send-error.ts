import type { FastifyReply } from 'fastify';
import { errorBody, type ApiError } from './errors';

/** Writes `error` in the envelope; the one place an error response is shaped. */
export function sendApiError(reply: FastifyReply, requestId: string, error: ApiError): void {
  const status = error.getStatus();
  if (status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="nebulahex"');
  if (error.retryAfterSeconds !== null) void reply.header('Retry-After', String(error.retryAfterSeconds));
  void reply
    .status(status)
    .header('X-Request-Id', requestId)
    .header('Content-Type', 'application/json; charset=utf-8')
    .send(errorBody(error, requestId));
}
