import { DriverException } from '@mikro-orm/core';

/**
 * What keeps secrets and customer data out of the logs, whatever a call site hands the logger.
 *
 * - Key-shaped tokens (API keys, widget session tokens, dashboard session and sign-in link tokens,
 *   webhook signing secrets) are cut to their
 *   prefix and first four characters, the part listings already show (`nhx_sk_4fQz…`).
 * - A database error is described by its class, SQLSTATE, table, column, constraint and schema.
 *   Its message is not: knex prepends the whole statement with its parameters inlined, and
 *   PostgreSQL's own text can quote a value (`invalid input syntax for type …: "…"`); `detail`
 *   (`Failing row contains (…)`, `Key (name)=(…) already exists`), `where` and `internalQuery`
 *   hold values too.
 */

const KEY_TOKEN = /(nhx_sk_|nhx_wt_|nhx_ds_|nhx_ll_)([0-9A-Za-z]{4})[0-9A-Za-z]+/g;
const SECRET_TOKEN = /(whsec_)([0-9A-Za-z+/]{4})[0-9A-Za-z+/=]+/g;

/** `text` with every key-shaped token masked. */
export function maskTokens(text: string): string {
  if (!text.includes('nhx_') && !text.includes('whsec_')) return text;
  return text.replace(KEY_TOKEN, '$1$2…').replace(SECRET_TOKEN, '$1$2…');
}

type ErrorLike = Error & Record<string, unknown>;

export function isErrorLike(value: unknown): value is ErrorLike {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { message?: unknown }).message === 'string' &&
      typeof (value as { stack?: unknown }).stack === 'string')
  );
}

/**
 * An error raised by the database or its driver: MikroORM's exceptions, and `pg`'s own errors
 * (recognised by their shape, since MikroORM and the service load different copies of `pg`).
 */
export function isDatabaseError(error: unknown): boolean {
  if (error instanceof DriverException) return true;
  if (!isErrorLike(error)) return false;
  const { severity, code } = error;
  return typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** The fields of a database error that name where it happened and never carry a value. */
const SAFE_DATABASE_FIELDS = [
  'code',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'routine',
  'errno',
  'syscall',
  'address',
  'port',
] as const;

function typeOf(error: ErrorLike): string {
  const name = error.constructor?.name;
  return name && name !== 'Object' ? name : String(error.name);
}

function databaseFields(
  error: ErrorLike,
): Partial<Record<(typeof SAFE_DATABASE_FIELDS)[number], string | number>> {
  const fields: Partial<Record<(typeof SAFE_DATABASE_FIELDS)[number], string | number>> = {};
  for (const field of SAFE_DATABASE_FIELDS) {
    const value = error[field];
    if (typeof value === 'string' || typeof value === 'number') fields[field] = value;
  }
  return fields;
}

/** A message for `error` that is safe to log: a database error's is made from its safe fields. */
export function safeErrorMessage(error: unknown): string {
  if (!isErrorLike(error)) return maskTokens(String(error));
  if (!isDatabaseError(error)) return maskTokens(error.message);
  const { code, table, column, constraint } = databaseFields(error);
  const where = Object.entries({ table, column, constraint })
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field} ${value}`);
  return `database error ${code ?? 'without a code'}${where.length ? ` (${where.join(', ')})` : ''}`;
}

/** Only the call frames of a stack: its first lines repeat the message. */
export function stackFrames(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/**
 * pino's `err` serializer: type, message, stack and own fields, with `cause` (and an aggregate's
 * `errors`) serialized the same way, nested rather than joined into the message. Database errors
 * keep only their safe fields and their call frames.
 */
export function serializeError(value: unknown): unknown {
  return isErrorLike(value) ? describe(value, new Set()) : value;
}

function describe(error: ErrorLike, seen: Set<unknown>): Record<string, unknown> | string {
  if (seen.has(error)) return '[circular]';
  seen.add(error);
  const type = typeOf(error);
  if (isDatabaseError(error)) {
    const message = safeErrorMessage(error);
    return {
      type,
      message,
      ...databaseFields(error),
      stack: `${type}: ${message}\n${stackFrames(error.stack ?? '')}`,
    };
  }
  const nested = (value: unknown): unknown =>
    isErrorLike(value)
      ? describe(value, seen)
      : Array.isArray(value) && value.some(isErrorLike)
        ? value.map(nested)
        : value;
  const described: Record<string, unknown> = { type, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(error)) {
    if (!(key in described) && key !== 'cause' && key !== 'errors') described[key] = nested(value);
  }
  if (error.cause !== undefined) described.cause = nested(error.cause);
  if (Array.isArray(error.errors)) described.errors = nested(error.errors);
  return described;
}
