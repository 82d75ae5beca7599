import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { CREATED_AT_CURSOR, cursorFields, KeysetCursor } from './pagination';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function refusal(decode: () => unknown): ApiError {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('accepted');
}

describe('keyset cursors on (createdAt, id)', () => {
  it('round-trips a key', () => {
    const key = { createdAt: new Date('2026-03-14T09:21:47.120Z'), id: 'bot_abc' };
    expect(CREATED_AT_CURSOR.decode(CREATED_AT_CURSOR.encode(key))).toEqual(key);
    expect(CREATED_AT_CURSOR.decode(CREATED_AT_CURSOR.encode(key))).toEqual(key);
    expect(CREATED_AT_CURSOR.decode(undefined)).toBeNull();
  });

  it('writes the bytes the API has always handed out', () => {
    const key = { createdAt: new Date('2026-03-14T09:21:47.120Z'), id: 'bot_4a7b2' };
    expect(CREATED_AT_CURSOR.encode(key)).toBe(b64(['2026-03-14T09:21:47.120Z', 'bot_4a7b2']));
  });

  it.each([
    '',
    'x',
    b64([1, 2]),
    b64(['nope', 'id']),
    b64({ createdAt: '2026-03-14T09:00:00.000Z', id: 'bot_a' }),
    b64(['2026-03-14T09:00:00.000Z']),
    b64(['2026-03-14T09:00:00.000Z', 'bot_a', 'desc']),
    // times other than `toISOString()` writes: loose, rolled over, impossible, outside years 1–9999
    b64(['2026-03-14', 'bot_a']),
    b64(['2026-02-30T00:00:00.000Z', 'bot_a']),
    b64(['2026-13-01T00:00:00.000Z', 'bot_a']),
    b64(['2026-01-01T25:00:00.000Z', 'bot_a']),
    b64(['0000-01-01T00:00:00.000Z', 'bot_a']),
    b64(['+275760-09-13T00:00:00.000Z', 'bot_a']),
    // an id the database cannot compare (NUL) or would rewrite (an unpaired surrogate)
    b64(['2026-03-14T09:00:00.000Z', 'bot_\u0000']),
    b64(['2026-03-14T09:00:00.000Z', 'bot_\ud800']),
  ])('refuses %j as a 400 naming cursor', (cursor) => {
    const error = refusal(() => CREATED_AT_CURSOR.decode(cursor));
    expect(error.getStatus()).toBe(400);
    expect(error.details).toEqual([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
  });

  it('splits a limit + 1 fetch, reading the key from the rows', () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id: `id_${n}`, name: `n${n}` }));
    expect(CREATED_AT_CURSOR.page(rows, 3)).toEqual({ items: rows, nextCursor: null });
    const page = CREATED_AT_CURSOR.page(rows, 2);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(CREATED_AT_CURSOR.decode(page.nextCursor!)).toEqual({
      createdAt: rows[1].createdAt,
      id: rows[1].id,
    });
  });
});

describe('a keyset carrying a list parameter', () => {
  const cursor = new KeysetCursor<{ updatedAt: Date; id: string; order: 'asc' | 'desc' }>({
    updatedAt: cursorFields.time,
    id: cursorFields.idOf('conversation'),
    order: cursorFields.oneOf(['asc', 'desc'] as const),
  });
  const key = { updatedAt: new Date('2026-03-14T09:21:47.120Z'), id: 'cnv_abc', order: 'asc' as const };

  it('keeps the fields in the order they are declared', () => {
    expect(cursor.encode(key)).toBe(b64(['2026-03-14T09:21:47.120Z', 'cnv_abc', 'asc']));
    expect(cursor.decode(cursor.encode(key), { order: 'asc' })).toEqual(key);
  });

  it('refuses a cursor made for another value of the parameter, saying which', () => {
    const error = refusal(() => cursor.decode(cursor.encode(key), { order: 'desc' }));
    expect(error.details).toEqual([
      { field: 'cursor', message: 'cursor belongs to a list in order=asc; pass the same order' },
    ]);
  });

  it.each([
    b64(['2026-03-14T09:00:00.000Z', 'bot_abc', 'asc']),
    b64(['2026-03-14T09:00:00.000Z', 'cnv_abc', 'up']),
    b64(['2026-03-14T09:00:00.000Z', 'cnv_abc']),
  ])('refuses %j as not its own', (foreign) => {
    expect(refusal(() => cursor.decode(foreign, { order: 'asc' })).details[0].message).toBe(
      'cursor is not one this API returned',
    );
  });

  it('maps rows to their key when they are not shaped like it', () => {
    const rows = [
      { updatedAt: key.updatedAt, id: 'cnv_abc' },
      { updatedAt: key.updatedAt, id: 'cnv_abd' },
    ];
    const page = cursor.page(rows, 1, (row) => ({ ...row, order: 'asc' }));
    expect(cursor.decode(page.nextCursor!)).toEqual(key);
  });
});
