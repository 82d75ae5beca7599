import { HttpException, HttpStatus } from '@nestjs/common';

/** Error codes of the public error envelope (README, Errors and input). */
export const ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'insufficient_role',
  'csrf_token_invalid',
  'not_found',
  'method_not_allowed',
  'validation_failed',
  'malformed_json',
  'unsupported_media_type',
  'payload_too_large',
  'conflict',
  'gone',
  'idempotency_key_reused',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  /** The offending field or parameter, dotted for nested fields (`capturedFields.email`). */
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details: ErrorDetail[] };
}

/** Seconds a client is asked to wait (`Retry-After`) when the database cannot be reached. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** An error the API answers on purpose, with its status, code and a message safe to show. */
export class ApiError extends HttpException {
  /** Sent as `Retry-After` when set. */
  retryAfterSeconds: number | null = null;

  constructor(
    status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message, status);
  }

  static unavailable(): ApiError {
    const error = new ApiError(
      HttpStatus.SERVICE_UNAVAILABLE,
      'unavailable',
      `The service is temporarily unavailable. Retry in ${UNAVAILABLE_RETRY_AFTER_SECONDS} s.`,
    );
    error.retryAfterSeconds = UNAVAILABLE_RETRY_AFTER_SECONDS;
    return error;
  }

  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'not_found', `No such ${what}.`);
  }

  static insufficientRole(message: string): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, 'insufficient_role', message);
  }

  static validation(details: ErrorDetail[], message?: string): ApiError {
    const fields = [...new Set(details.map((d) => d.field))].join(', ');
    return new ApiError(
      HttpStatus.BAD_REQUEST,
      'validation_failed',
      message ?? `Invalid request: ${fields}.`,
      details,
    );
  }
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'idempotency_key_reused',
  429: 'rate_limited',
};

/** Fastify's own errors (raised before a route handler runs), by their `code`. */
/** What a body sent as anything but JSON is told (every route; one without a body too). */
export const UNSUPPORTED_MEDIA_TYPE_MESSAGE = 'Send the request body as application/json.';

const FASTIFY_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    message: 'The request says it has a JSON body but the body is empty.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    message: 'The request body is larger than 1 MiB.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: UNSUPPORTED_MEDIA_TYPE_MESSAGE,
  },
  // Router errors, answered before any route matches (see `frameworkErrors` in create-http-app.ts)
  FST_ERR_BAD_URL: { status: 400, code: 'validation_failed', message: 'The request URL is malformed.' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 404, code: 'not_found', message: 'No such resource.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'malformed_json',
    message: 'The Content-Length header does not match the body.',
  },
};

const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'A valid API key is required: send `Authorization: Bearer nhx_sk_…`.',
  not_found: 'No such resource.',
  forbidden: 'This request is not allowed.',
};

/**
 * Turns anything thrown while serving a request into the status and envelope fields the client
 * sees. Unknown errors become a bare 500 `internal` whose message reveals nothing.
 */
export function toApiError(exception: unknown): { error: ApiError; unexpected: boolean } {
  if (exception instanceof ApiError) return { error: exception, unexpected: false };
  const fastifyError = fastifyErrorOf(exception);
  if (fastifyError) return { error: fastifyError, unexpected: false };
  if (isDatabaseUnreachable(exception)) return { error: ApiError.unavailable(), unexpected: false };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'validation_failed');
    const message =
      status === 404
        ? (DEFAULT_MESSAGES.not_found as string)
        : status === 401
          ? (DEFAULT_MESSAGES.unauthorized as string)
          : status >= 500
            ? 'Something went wrong on our side.'
            : exception.message;
    return { error: new ApiError(status, code, message), unexpected: status >= 500 };
  }
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? 'validation_failed';
    return {
      error: new ApiError(status, code, DEFAULT_MESSAGES[code] ?? 'The request could not be processed.'),
      unexpected: false,
    };
  }
  return { error: new ApiError(500, 'internal', 'Something went wrong on our side.'), unexpected: true };
}

/** Network errors on the way to the database: refused, reset, unreachable, timed out. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is there but will not serve: no connection could be made or it was
 * lost (08000, 08001, 08003, 08004, 08006; not 08P01, a protocol violation the statement caused),
 * shut down or starting (57P01–57P03), an idle session ended (57P05), out of connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(0800[01346]|57P0[1235]|53300)$/;

/**
 * The driver's errors that carry no code (node-postgres's and the pool's), by their message: a
 * connection lost mid-query, a pool that could not connect or hand out a connection in time.
 */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|timeout expired$|Knex: Timeout acquiring a connection)/;

/**
 * Whether `error` (or what caused it) says the database cannot be reached right now, as opposed to a
 * statement it refused: those are worth a retry, and answer 503 `unavailable` rather than 500.
 * MikroORM wraps the driver's error into a `DriverException` that keeps its `code`.
 */
export function isDatabaseUnreachable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, name, message, cause, errors } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) {
    return true;
  }
  if (name === 'ConnectionException' || name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  // Node reports a failed connection to several addresses of one name as an AggregateError.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnreachable(inner, depth + 1))) return true;
  return isDatabaseUnreachable(cause, depth + 1);
}

/** Fastify's body-parsing errors, raw or as Nest wraps them (an HttpException with the error as `cause`). */
function fastifyErrorOf(exception: unknown): ApiError | null {
  const candidate = exception instanceof HttpException ? exception.cause : exception;
  const code = (candidate as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== 'string' || !(code in FASTIFY_ERRORS)) return null;
  const known = FASTIFY_ERRORS[code];
  return new ApiError(known.status, known.code, known.message);
}

export function errorBody(error: ApiError, requestId: string): ErrorBody {
  return { error: { code: error.code, message: error.message, requestId, details: error.details } };
}
