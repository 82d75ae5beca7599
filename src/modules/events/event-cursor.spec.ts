import { describe, expect, it } from 'vitest';
import { ApiError } from '../../common/http/errors';
import { decodeEventCursor, encodeEventCursor } from './event-cursor';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('event feed cursors', () => {
  it('round-trips a position', () => {
    expect(decodeEventCursor(encodeEventCursor('42'))).toEqual({ position: '42', order: 'asc' });
    expect(decodeEventCursor(encodeEventCursor('9223372036854775807'))).toEqual({
      position: '9223372036854775807',
      order: 'asc',
    });
    expect(decodeEventCursor(encodeEventCursor('42', 'desc'), 'desc')).toEqual({
      position: '42',
      order: 'desc',
    });
    expect(decodeEventCursor(undefined)).toBeNull();
  });

  it('reads a cursor handed out before positions, (txid, seq) of the last event read', () => {
    expect(decodeEventCursor(b64(['18446744073709551615', '7']))).toEqual({
      legacy: { txid: '18446744073709551615', seq: '7' },
      order: 'asc',
    });
  });

  it('keeps an oldest-first cursor as it always was, and marks a newest-first one', () => {
    expect(encodeEventCursor('42')).toBe(b64(['42']));
    expect(encodeEventCursor('42', 'desc')).toBe(b64(['42', 'desc']));
  });

  it.each([
    ['asc', 'desc'],
    ['desc', 'asc'],
  ] as const)('refuses a cursor handed out for order=%s when reading order=%s', (given, reading) => {
    try {
      decodeEventCursor(encodeEventCursor('42', given), reading);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).details).toEqual([
        { field: 'cursor', message: `cursor was returned for order=${given}; pass the same order` },
      ]);
    }
  });

  it.each([
    ['not base64 JSON', 'x'],
    ['an empty array', b64([])],
    ['a number, not a string', b64([42])],
    ['a negative position', b64(['-1'])],
    ['a position past bigint', b64(['9223372036854775808'])],
    ['a txid past xid8', b64(['18446744073709551616', '1'])],
    ['a seq past bigint', b64(['1', '9223372036854775808'])],
    ['three parts', b64(['1', '2', '3'])],
    ['another direction', b64(['1', 'sideways'])],
    ['an object', b64({ position: '1' })],
  ])('refuses %s as a 400 naming cursor', (_name, cursor) => {
    try {
      decodeEventCursor(cursor);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).details[0].field).toBe('cursor');
    }
  });
});
