import { applyDecorators } from '@nestjs/common';
import {
  ApiParam,
  ApiProperty,
  ApiResponse,
  DECORATORS,
  type ApiPropertyOptions,
  type PathItemObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/error-response.dto';
import type { ErrorCode, ErrorDetail } from '../http/errors';
import { ID_PREFIXES, type IdKind } from '../ids/ids';

/*
 * OpenAPI-only decorators: they describe what the API answers and change nothing it does.
 * Error responses for the same status compose: descriptions are joined and examples merged, so an
 * operation can collect its 400s or 403s from several decorators.
 */

/** An example error body (`requestId` is filled in). */
export interface ErrorExample {
  summary: string;
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}

export const EXAMPLE_REQUEST_ID = 'req_7GQ2mXk1Lr0aZp9TbWc3Yd';

/** Documents an error status with the `ErrorResponseDto` envelope and one named example per case. */
export function ApiErrorResponse(
  status: number,
  description: string,
  examples: Record<string, ErrorExample>,
): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    type: ErrorResponseDto,
    examples: Object.fromEntries(
      Object.entries(examples).map(([name, { summary, code, message, details = [] }]) => [
        name,
        { summary, value: { error: { code, message, requestId: EXAMPLE_REQUEST_ID, details } } },
      ]),
    ),
  });
}

/** 401 on every route that needs an API key. */
export const ApiUnauthorized = (): MethodDecorator & ClassDecorator =>
  ApiErrorResponse(401, 'Missing, malformed, unknown or revoked API key.', {
    unauthorized: {
      summary: 'No valid API key',
      code: 'unauthorized',
      message: 'A valid API key is required: send `Authorization: Bearer nhx_sk_…`.',
    },
  });

/** 429 on every route that needs an API key (its `Retry-After` is added with the rate-limit headers). */
export const ApiRateLimited = (): MethodDecorator & ClassDecorator =>
  ApiErrorResponse(
    429,
    "Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted.",
    {
      rateLimited: {
        summary: 'Too many requests',
        code: 'rate_limited',
        message: 'This API key made too many requests: the limit is 60 per 60 s. Retry in 7 s.',
      },
    },
  );

/** 403 for a route that needs at least `role`. */
export const ApiInsufficientRole = (role: string): MethodDecorator & ClassDecorator =>
  ApiErrorResponse(403, `The key's role is below ${role}.`, {
    insufficientRole: {
      summary: `Role below ${role}`,
      code: 'insufficient_role',
      message: `This request needs the ${role} role or higher; this key is viewer.`,
    },
  });

/** 400 for an operation with query parameters. */
export const ApiQueryErrors = (): MethodDecorator & ClassDecorator =>
  ApiErrorResponse(
    400,
    'A query parameter is invalid or unknown (`validation_failed`, one detail per field).',
    {
      invalidQuery: {
        summary: 'Invalid query parameter',
        code: 'validation_failed',
        message: 'Invalid request: limit.',
        details: [{ field: 'limit', message: 'limit must not be greater than 100' }],
      },
    },
  );

/**
 * The errors of every operation with a JSON body: 400 for malformed JSON or a body that fails
 * validation (unknown fields, nesting and the string rule included), 413 over 1 MiB, 415 for any
 * other content type.
 */
export const ApiJsonBodyErrors = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiErrorResponse(
      400,
      'The body is not valid UTF-8 JSON (`malformed_json`), or nests objects and arrays deeper than 32 levels, or a field is missing, unknown, of the wrong type, null where the type of its schema leaves null out, or holds a NUL or an unpaired UTF-16 surrogate (`validation_failed`, one detail per field).',
      {
        tooDeep: {
          summary: 'Nested too deep',
          code: 'validation_failed',
          message: 'The request body nests objects and arrays deeper than 32 levels.',
          details: [
            {
              field: `capturedFields.notes${'.0'.repeat(31)}`,
              message: 'the body nests objects and arrays deeper than 32 levels',
            },
          ],
        },
        nulCharacter: {
          summary: 'NUL in a string',
          code: 'validation_failed',
          message: 'Invalid request: name.',
          details: [
            { field: 'name', message: 'name must not contain NUL characters or unpaired UTF-16 surrogates' },
          ],
        },
        invalidBody: {
          summary: 'Invalid field',
          code: 'validation_failed',
          message: 'Invalid request: deferReveal.',
          details: [{ field: 'deferReveal', message: 'deferReveal must be a boolean value' }],
        },
        unknownField: {
          summary: 'Unknown field',
          code: 'validation_failed',
          message: 'Invalid request: role.',
          details: [{ field: 'role', message: 'property role should not exist' }],
        },
        malformedJson: {
          summary: 'Malformed JSON',
          code: 'malformed_json',
          message: 'The request body is not valid JSON.',
        },
      },
    ),
    ApiErrorResponse(413, 'The body is larger than 1 MiB.', {
      payloadTooLarge: {
        summary: 'Body over 1 MiB',
        code: 'payload_too_large',
        message: 'The request body is larger than 1 MiB.',
      },
    }),
    ApiErrorResponse(415, 'The body is not sent as `application/json`.', {
      unsupportedMediaType: {
        summary: 'Not JSON',
        code: 'unsupported_media_type',
        message: 'Send the request body as application/json.',
      },
    }),
  );

/** An id-shaped example for `kind`, e.g. `key_5Hq2VdXk9LmN3pR7sT1wYz`. */
const EXAMPLE_IDS: Partial<Record<IdKind, string>> = {
  apiKey: 'key_5Hq2VdXk9LmN3pR7sT1wYz',
  bot: 'bot_4a7b2',
  conversation: 'cnv_4a7b2',
};

export interface ResourceParamOptions {
  /** What the id names, as the 404 message says it: `API key` → "No such API key." */
  resource: string;
  kind: IdKind;
  /** When the 404 answers, beyond "no such id": e.g. who may see the resource. */
  notFound?: string;
  example?: string;
}

/**
 * A path parameter holding a resource id, and the 404 it leads to. Ids of another workspace answer
 * exactly as missing ones do. Like every string of a request, it may not hold a NUL (400).
 */
export function ApiResourceParam(name: string, options: ResourceParamOptions): MethodDecorator {
  const prefix = ID_PREFIXES[options.kind];
  return applyDecorators(
    ApiParam({
      name,
      type: String,
      description: `The ${options.resource}'s id (\`${prefix}_…\`).`,
      example: options.example ?? EXAMPLE_IDS[options.kind] ?? `${prefix}_3Rt8YqLm1ZxV7cN2bK9pWd`,
    }),
    ApiErrorResponse(
      400,
      `The ${name} holds a NUL character or an unpaired UTF-16 surrogate, as no id does.`,
      {
        [`${name}Invalid`]: {
          summary: `A NUL in ${name}`,
          code: 'validation_failed',
          message: `Invalid request: ${name}.`,
          details: [
            { field: name, message: `${name} must not contain NUL characters or unpaired UTF-16 surrogates` },
          ],
        },
      },
    ),
    ApiErrorResponse(
      404,
      options.notFound ??
        `No ${options.resource} with this id in the key's workspace (another workspace's answers the same).`,
      {
        notFound: {
          summary: `No such ${options.resource}`,
          code: 'not_found',
          message: `No such ${options.resource}.`,
        },
      },
    ),
  );
}

/**
 * Marks an operation (or every operation of a controller that declares no security of its own) as
 * needing no API key: `security: []`,
 * added to the operation's `@ApiOperation` metadata whichever is applied first. (`ApiOperation()`
 * itself would reset an existing summary to its default, '').
 */
export function ApiNoSecurity(): MethodDecorator & ClassDecorator {
  const markPublic = (method: unknown) => {
    const existing = (Reflect.getMetadata(DECORATORS.API_OPERATION, method as object) ?? {}) as object;
    Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...existing, security: [] }, method as object);
  };
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (key !== undefined && descriptor) return markPublic(descriptor.value);
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
      // A route with a credential of its own (a widget session's token) keeps its security.
      const ownSecurity =
        typeof method === 'function' && Reflect.getMetadata(DECORATORS.API_SECURITY, method) !== undefined;
      if (name !== 'constructor' && typeof method === 'function' && !ownSecurity) markPublic(method);
    }
  };
}

/** An ISO 8601 timestamp in UTC with milliseconds, as every `…At` field is. */
export const ApiDateTimeProperty = (options: ApiPropertyOptions = {}): PropertyDecorator =>
  ApiProperty({ type: String, format: 'date-time', ...options });

/** What a controller adds to the OpenAPI document beyond its operations. */
export interface ApiDocumentParts {
  /** Named schemas, under `components.schemas`. */
  schemas?: Record<string, SchemaObject>;
  /** Requests the API sends, under `webhooks`. */
  webhooks?: Record<string, PathItemObject>;
  /** A Markdown section appended to the document's introduction. */
  introduction?: string;
}

export const API_DOCUMENT_PARTS = 'nhx:api-document-parts';

/**
 * Declares document parts that no operation produces: a schema that is a union rather than a class
 * (the `Event` envelope), or the `webhooks` the API calls. The document builder collects them from
 * every controller of the application.
 */
export const ApiDocumentParts =
  (parts: ApiDocumentParts): ClassDecorator =>
  (target) =>
    Reflect.defineMetadata(API_DOCUMENT_PARTS, parts, target);
