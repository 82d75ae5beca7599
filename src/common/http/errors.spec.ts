import { ConnectionException, DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { DatabaseError } from 'pg';
import { describe, expect, it } from 'vitest';
import { toApiError } from './errors';

/** An error as node-postgres raises it for a server message with this SQLSTATE. */
function serverError(code: string, message = 'server says no'): DatabaseError {
  const error = new DatabaseError(message, 0, 'error');
  error.code = code;
  return error;
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe('toApiError: a database that cannot be reached', () => {
  const unreachable: [string, unknown][] = [
    ['connection refused', networkError('ECONNREFUSED')],
    ['connection reset', networkError('ECONNRESET')],
    ['connection timed out', networkError('ETIMEDOUT')],
    [
      'refused on every address of a name',
      new AggregateError([networkError('ECONNREFUSED')], 'connect failed'),
    ],
    ['connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['connection ended while connecting', new Error('Connection terminated')],
    ['client already broken', new Error('Client has encountered a connection error and is not queryable')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    [
      'pool acquire timeout, as MikroORM wraps it',
      new DriverException(
        Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), {
          name: 'KnexTimeoutError',
        }),
      ),
    ],
    ['terminated by an administrator (57P01)', serverError('57P01')],
    ['crash shutdown (57P02)', serverError('57P02')],
    ['starting up (57P03)', serverError('57P03')],
    ['too many connections (53300)', serverError('53300')],
    ['connection failure (08006)', serverError('08006')],
    ['wrapped by MikroORM', new DriverException(serverError('57P01'))],
    ['MikroORM connection exception', new ConnectionException(new Error('gone'))],
    ['as a cause', new Error('query failed', { cause: networkError('ECONNREFUSED') })],
  ];

  it.each(unreachable)('%s → 503 unavailable with Retry-After', (_name, error) => {
    const { error: answered, unexpected } = toApiError(error);
    expect(answered.getStatus()).toBe(503);
    expect(answered.code).toBe('unavailable');
    expect(answered.retryAfterSeconds).toBeGreaterThan(0);
    expect(answered.message).not.toMatch(/5432|ECONN|Knex|terminated/);
    expect(unexpected).toBe(false);
  });

  const bugs: [string, unknown][] = [
    ['a unique violation', new UniqueConstraintViolationException(serverError('23505'))],
    ['a syntax error', serverError('42601')],
    ['NUL in text (22021)', serverError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')],
    ['a statement timeout (57014)', serverError('57014')],
    ['a protocol violation the statement caused (08P01)', serverError('08P01', 'invalid message format')],
    ['a TypeError', new TypeError("Cannot read properties of null (reading 'name')")],
    ['a plain error', new Error('something else')],
  ];

  it.each(bugs)('%s → 500 internal', (_name, error) => {
    const { error: answered, unexpected } = toApiError(error);
    expect(answered.getStatus()).toBe(500);
    expect(answered.code).toBe('internal');
    expect(answered.retryAfterSeconds).toBeNull();
    expect(unexpected).toBe(true);
  });
});
