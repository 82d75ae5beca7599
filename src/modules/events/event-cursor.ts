import { ApiError } from '../../common/http/errors';

/**
 * Where a reader of `GET /events` stands: after the event at `position` (the feed's order), or, for
 * a cursor handed out before the feed had positions, after the event `(txid, seq)` of the old
 * `(txid, seq)` order, which the service translates.
 */
export type EventCursor = { position: string } | { legacy: { txid: string; seq: string } };

/** The ranges of `bigint` and `xid8`: a cursor outside them is not one this API returned. */
const MAX_BIGINT = 2n ** 63n - 1n;
const MAX_XID8 = 2n ** 64n - 1n;

const inRange = (value: unknown, max: bigint): value is string =>
  typeof value === 'string' && /^\d{1,20}$/.test(value) && BigInt(value) <= max;

export function encodeEventCursor(position: string): string {
  return Buffer.from(JSON.stringify([position])).toString('base64url');
}

/** Decodes a cursor, answering 400 on anything this API did not hand out. */
export function decodeEventCursor(cursor: string | undefined): EventCursor | null {
  if (cursor === undefined) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 1 && inRange(value[0], MAX_BIGINT)) {
      return { position: value[0] };
    }
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      inRange(value[0], MAX_XID8) &&
      inRange(value[1], MAX_BIGINT)
    ) {
      return { legacy: { txid: value[0], seq: value[1] } };
    }
  } catch {
    // fall through to the error below
  }
  throw invalidEventCursor();
}

export function invalidEventCursor(): ApiError {
  return ApiError.validation([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
}
