import { ApiError } from '../../common/http/errors';

/** The feed's two directions: by position, oldest first (the default) or newest first. */
export type FeedOrder = 'asc' | 'desc';

/**
 * Where a reader of `GET /events` stands: past the event at `position` (the feed's order) in the
 * direction it reads, or, for a cursor handed out before the feed had positions, after the event
 * `(txid, seq)` of the old `(txid, seq)` order, which the service translates.
 */
export type EventCursor =
  { position: string; order: FeedOrder } | { legacy: { txid: string; seq: string }; order: 'asc' };

/** The ranges of `bigint` and `xid8`: a cursor outside them is not one this API returned. */
const MAX_BIGINT = 2n ** 63n - 1n;
const MAX_XID8 = 2n ** 64n - 1n;

const inRange = (value: unknown, max: bigint): value is string =>
  typeof value === 'string' && /^\d{1,20}$/.test(value) && BigInt(value) <= max;

/**
 * An oldest-first cursor is `[position]`, as it always was (integrators keep cursors); a newest-first
 * one is `[position, "desc"]`, so it cannot be followed in the other direction by mistake.
 */
export function encodeEventCursor(position: string, order: FeedOrder = 'asc'): string {
  return Buffer.from(JSON.stringify(order === 'asc' ? [position] : [position, order])).toString('base64url');
}

/**
 * Decodes a cursor, answering 400 on anything this API did not hand out, and on a cursor handed out
 * for the other `order`.
 */
export function decodeEventCursor(cursor: string | undefined, order: FeedOrder = 'asc'): EventCursor | null {
  if (cursor === undefined) return null;
  const decoded = parseEventCursor(cursor);
  if (decoded.order !== order) {
    throw ApiError.validation([
      { field: 'cursor', message: `cursor was returned for order=${decoded.order}; pass the same order` },
    ]);
  }
  return decoded;
}

function parseEventCursor(cursor: string): EventCursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 1 && inRange(value[0], MAX_BIGINT)) {
      return { position: value[0], order: 'asc' };
    }
    if (Array.isArray(value) && value.length === 2 && inRange(value[0], MAX_BIGINT) && value[1] === 'desc') {
      return { position: value[0], order: 'desc' };
    }
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      inRange(value[0], MAX_XID8) &&
      inRange(value[1], MAX_BIGINT)
    ) {
      return { legacy: { txid: value[0], seq: value[1] }, order: 'asc' };
    }
  } catch {
    // fall through to the error below
  }
  throw invalidEventCursor();
}

export function invalidEventCursor(): ApiError {
  return ApiError.validation([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
}
