import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrorResponse } from '../decorators/api-docs.decorator';
import {
  IDEMPOTENCY_KEY_MESSAGE,
  IDEMPOTENCY_KEY_PATTERN,
  IdempotencyInterceptor,
} from './idempotency.interceptor';

/**
 * `Idempotency-Key` on an authenticated POST (README, `Idempotency-Key`): the interceptor that honours it and the
 * reference's account of it, in one decorator, so a route documents exactly what it does. Every
 * authenticated POST carries it except one whose answer must never be shown twice (revealing an API
 * key); the OpenAPI test checks that. Route-scoped rather than app-wide, so reads never pass through
 * an interceptor chain.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Up to 255 visible ASCII characters, unique per operation (a UUID, say). Retrying with the same key and body ' +
        'within 24 hours replays the first response, with `Idempotent-Replayed: true`, instead of acting twice.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        pattern: IDEMPOTENCY_KEY_PATTERN,
        example: '4f8c1e2a-7d3b-4b8e-9a61-2c5d0f9e7b13',
      },
    }),
    ApiErrorResponse(
      400,
      'The `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII.',
      {
        idempotencyKeyInvalid: {
          summary: 'Malformed Idempotency-Key',
          code: 'validation_failed',
          message: 'Invalid request: Idempotency-Key.',
          details: [{ field: 'Idempotency-Key', message: IDEMPOTENCY_KEY_MESSAGE }],
        },
      },
    ),
    ApiErrorResponse(409, 'A request with the same `Idempotency-Key` is still in progress.', {
      idempotencyInFlight: {
        summary: 'Same key in flight',
        code: 'conflict',
        message: 'A request with this Idempotency-Key is still in progress; retry once it has finished.',
      },
    }),
    ApiErrorResponse(422, 'The `Idempotency-Key` was used with another request.', {
      idempotencyKeyReused: {
        summary: 'Key reused with another body',
        code: 'idempotency_key_reused',
        message:
          'This Idempotency-Key was used with another request (a different endpoint or body); use a new key.',
      },
    }),
  );
