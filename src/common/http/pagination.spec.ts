import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  it('round-trips a keyset', () => {
    const keyset = { createdAt: new Date('2026-03-14T09:21:47.120Z'), id: 'bot_abc' };
    expect(decodeCursor(encodeCursor(keyset))).toEqual(keyset);
    expect(decodeCursor(undefined)).toBeNull();
  });

  it.each([
    '',
    'x',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('["nope","id"]').toString('base64url'),
    // an id the database cannot compare (NUL) or would rewrite (an unpaired surrogate)
    Buffer.from('["2026-03-14T09:00:00.000Z","bot_\\u0000"]').toString('base64url'),
    Buffer.from('["2026-03-14T09:00:00.000Z","bot_\\ud800"]').toString('base64url'),
  ])('refuses %j as a 400 naming cursor', (cursor) => {
    try {
      decodeCursor(cursor);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).details[0].field).toBe('cursor');
    }
  });

  it('splits a limit + 1 fetch', () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id: `id_${n}` }));
    expect(toPage(rows, 3)).toEqual({ items: rows, nextCursor: null });
    const page = toPage(rows, 2);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(decodeCursor(page.nextCursor!)).toEqual(rows[1]);
  });
});
