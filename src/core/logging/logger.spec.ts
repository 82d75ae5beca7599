import { Writable } from 'node:stream';
import { CheckConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { DatabaseError } from 'pg';
import { describe, expect, it } from 'vitest';
import { createLogger, PinoNestLogger } from './logger';
import { maskTokens } from './redaction';

/** What a value from the request looks like once it reached a statement. */
const VALUE = 'probe-value-2b7c9e';
const HASH = 'a44f227406eb79fc087807b72b0559266fae69f2f31549b557473ea30d42faca';

/** A refused INSERT as `pg` reports it once knex has prepended the statement to its message. */
function pgError(): DatabaseError {
  const error = new DatabaseError(
    `insert into "api_keys" ("name", "key_hash") values ('${VALUE}', '${HASH}') - ` +
      'new row for relation "api_keys" violates check constraint "api_keys_name_check"',
    200,
    'error',
  );
  return Object.assign(error, {
    severity: 'ERROR',
    code: '23514',
    detail: `Failing row contains (${VALUE}, ${HASH}).`,
    where: `SQL statement "insert … ${VALUE}"`,
    internalQuery: `select '${VALUE}'`,
    schema: 'public',
    table: 'api_keys',
    constraint: 'api_keys_name_check',
    file: 'execMain.c',
    line: '2090',
    routine: 'ExecConstraints',
  });
}

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger('trace', stream);
  return {
    logger,
    lines,
    parsed: () => lines.map((line) => JSON.parse(line) as Record<string, any>),
    /** Nothing of the statement, its values, or PostgreSQL's detail, in any line. */
    expectClean() {
      for (const line of lines) {
        expect(line).not.toContain(VALUE);
        expect(line).not.toContain(HASH);
        expect(line).not.toMatch(/insert into|Failing row|violates/i);
      }
    },
  };
}

const SAFE_FIELDS = {
  code: '23514',
  schema: 'public',
  table: 'api_keys',
  constraint: 'api_keys_name_check',
  routine: 'ExecConstraints',
};

describe('maskTokens', () => {
  it.each([
    [
      '/api/v1/auth/keys/nhx_sk_4fQzT8bWm2Lx9Vc3Kp7Rn1Ys5Hd0Ga6E4H7tEn/reveal',
      '/api/v1/auth/keys/nhx_sk_4fQz…/reveal',
    ],
    ['Bearer nhx_wt_3Hk8WqP2nZr5VbX1cL9mTe4Yd7Fs0Ga6Jp2Qu5Rx', 'Bearer nhx_wt_3Hk8…'],
    ['secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw6s3Vb4bXZrA= rotated', 'secret whsec_MfKQ… rotated'],
    [
      'a listing shows nhx_sk_4fQz, and the docs nhx_sk_…',
      'a listing shows nhx_sk_4fQz, and the docs nhx_sk_…',
    ],
  ])('%s', (text, masked) => {
    expect(maskTokens(text)).toBe(masked);
  });
});

describe('the service logger', () => {
  it('logs a MikroORM driver error by its class, code, table and constraint, with no statement, value or detail', () => {
    const log = capture();
    const error = new CheckConstraintViolationException(pgError());
    log.logger.error({ err: error, requestId: 'req_1' }, 'unhandled error');
    log.logger.error(error);
    log.logger.warn({ err: error });
    log.expectClean();
    const [first, second, third] = log.parsed();
    expect(first).toMatchObject({
      msg: 'unhandled error',
      err: { type: 'CheckConstraintViolationException', ...SAFE_FIELDS },
    });
    expect(first.err.message).toBe('database error 23514 (table api_keys, constraint api_keys_name_check)');
    expect(first.err.stack).toMatch(/^CheckConstraintViolationException: database error 23514 .*\n\s+at /);
    for (const field of ['detail', 'where', 'internalQuery', 'sql'])
      expect(first.err).not.toHaveProperty(field);
    // Without a message of its own, a line takes the error's safe one, not its raw text.
    expect(second.msg).toBe(first.err.message);
    expect(third.msg).toBe(first.err.message);
  });

  it('logs a raw pg error, and one inside another error, the same way', () => {
    const log = capture();
    log.logger.warn({ err: pgError() }, 'could not record key use');
    log.logger.error({ err: new Error('relay pass failed', { cause: pgError() }) });
    log.logger.error({ error: new UniqueConstraintViolationException(pgError()) }, 'as `error`');
    log.expectClean();
    const [raw, wrapped, asError] = log.parsed();
    expect(raw.err).toMatchObject({ type: 'DatabaseError', ...SAFE_FIELDS });
    expect(wrapped.err).toMatchObject({
      message: 'relay pass failed',
      cause: { type: 'DatabaseError', ...SAFE_FIELDS },
    });
    expect(asError.error).toMatchObject({ type: 'UniqueConstraintViolationException', code: '23514' });
  });

  it('masks key-shaped tokens in any field or message, child loggers included', () => {
    const log = capture();
    const key = 'nhx_sk_4fQzT8bWm2Lx9Vc3Kp7Rn1Ys5Hd0Ga6E4H7tEn';
    log.logger.child({ process: 'api' }).info({ path: `/api/v1/auth/keys/${key}` }, 'request');
    log.logger.warn(`a message about ${key}`);
    log.logger.error(new Error(`an error about ${key}`));
    expect(log.lines.join('\n')).not.toContain(key.slice(11));
    expect(log.parsed()[0].path).toBe('/api/v1/auth/keys/nhx_sk_4fQz…');
  });

  it("keeps a database error's values out of what Nest's logger bridge writes", () => {
    const log = capture();
    const nest = new PinoNestLogger(log.logger);
    const error = new CheckConstraintViolationException(pgError());
    // As Nest's ExceptionsHandler, its shutdown hooks, and a lifecycle failure call it.
    nest.error(error, undefined, 'ExceptionsHandler');
    nest.error(error, error.stack);
    nest.error('Error happened during shutdown', error.stack, 'NestApplicationContext');
    nest.warn(`about nhx_wt_3Hk8WqP2nZr5VbX1cL9mTe4Yd7Fs0Ga6Jp2Qu5Rx`, 'Widget');
    nest.log('Nest application successfully started', 'NestApplication');
    log.expectClean();
    const [handler, hook, shutdown, warned, started] = log.parsed();
    expect(handler).toMatchObject({ level: 50, context: 'ExceptionsHandler', err: SAFE_FIELDS });
    expect(hook).toMatchObject({ level: 50, err: SAFE_FIELDS });
    expect(shutdown).toMatchObject({
      context: 'NestApplicationContext',
      msg: 'Error happened during shutdown',
    });
    expect(shutdown.trace).toMatch(/^\s+at /);
    expect(warned).toMatchObject({ level: 40, context: 'Widget', msg: 'about nhx_wt_3Hk8…' });
    expect(started).toMatchObject({ level: 20, context: 'NestApplication' });
  });

  it('keeps the message and stack of an error that is not from the database', () => {
    const log = capture();
    log.logger.error({
      err: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }),
    });
    expect(log.parsed()[0]).toMatchObject({
      msg: 'connect ECONNREFUSED 127.0.0.1:6379',
      err: { type: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:6379' },
    });
    expect(log.parsed()[0].err.stack).toMatch(/^Error: connect ECONNREFUSED/);
  });
});
