import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiError } from './errors';
import { isId, type IdKind } from '../ids/ids';
import { isIllFormed } from './input-rules';
import { Omittable } from './validation';

export const DEFAULT_PAGE_SIZE = 50;

/**
 * `?limit=&cursor=` of every list (README, Conversations, actions and events). Not a `.dto.ts` file, so the Swagger plugin does not
 * see it: the `@ApiPropertyOptional` decorators document the query parameters.
 */
export class PageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 100,
    default: DEFAULT_PAGE_SIZE,
    example: DEFAULT_PAGE_SIZE,
    description: 'Items per page, 1 to 100.',
  })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({
    type: String,
    maxLength: 512,
    // No example: the docs page's Try it out would send it, and only a cursor this API returned is valid.
    description: 'The `nextCursor` of the previous page; omit it for the first page.',
  })
  @Omittable()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

/**
 * Keyset pagination, the one way every list pages. A list sorted by a key (say `(created_at, id)`)
 * ends each page with a cursor holding its last row's key; the next page starts strictly after it,
 * so a deep page costs what the first does and rows inserted meanwhile never shift a page.
 *
 * A cursor is the key's values as a JSON array, base64url-encoded: `["2026-03-14T09:21:47.120Z","bot_…"]`.
 * Integrators keep cursors, so a list's key (its fields, their order and spelling) never changes.
 * Anything that does not decode to a key this API could have written is a 400 naming `cursor`.
 *
 * Usage: the service decodes, its repository fetches `limit + 1` rows after the key (its ORDER BY is
 * the key), the service splits them. Lists sorted by `(created_at, id)` share `CREATED_AT_CURSOR`:
 *
 *   const after = CREATED_AT_CURSOR.decode(cursor);                     // null on the first page
 *   const rows = await this.hooks.page(workspaceId, after, limit + 1);  // (created_at, id) > (?, ?)
 *   const { items, nextCursor } = CREATED_AT_CURSOR.page(rows, limit);
 *
 * Another key is a `new KeysetCursor({ field: cursorFields.…, … })` next to the query it positions.
 * A key may also carry the list's own parameters (the conversations list's `order`): `decode(cursor,
 * { order })` refuses a cursor made for another value of them. Values of other shapes (the events
 * feed's bigint positions, as digit strings) need only a `CursorField` of their own.
 */

/** One value of a key in a cursor: `write` gives its JSON form, `read` takes it back (undefined: not ours). */
export interface CursorField<T> {
  write(value: T): string;
  read(value: unknown): T | undefined;
}

/** A time exactly as `toISOString()` writes it, years 1 to 9999: PostgreSQL accepts each of them. */
const CURSOR_TIME = /^(?!0000)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function readTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !CURSOR_TIME.test(value)) return undefined;
  const time = new Date(value);
  // Refuses what Date rolls over (Feb 30) or cannot represent (month 13).
  return !Number.isNaN(time.getTime()) && time.toISOString() === value ? time : undefined;
}

export const cursorFields = {
  /** A timestamp at millisecond precision (the columns are `timestamptz(3)`). */
  time: { write: (value: Date) => value.toISOString(), read: readTime } satisfies CursorField<Date>,
  /** A row id: any string PostgreSQL can compare as it was sent. */
  id: {
    write: (value: string) => value,
    read: (value: unknown) => (typeof value === 'string' && !isIllFormed(value) ? value : undefined),
  } satisfies CursorField<string>,
  /** An id of one kind (`cnv_…`). */
  idOf: (kind: IdKind): CursorField<string> => ({
    write: (value) => value,
    read: (value) => (typeof value === 'string' && isId(kind, value) ? value : undefined),
  }),
  /** One of a list parameter's values. */
  oneOf: <T extends string>(values: readonly T[]): CursorField<T> => ({
    write: (value) => value,
    read: (value) => values.find((candidate) => candidate === value),
  }),
};

const foreignCursor = () =>
  ApiError.validation([{ field: 'cursor', message: 'cursor is not one this API returned' }]);

/** The cursor of one list's key `K`; the fields' order (as written) is their order in the cursor. */
export class KeysetCursor<K extends object> {
  private readonly fields: [keyof K & string, CursorField<unknown>][];

  constructor(fields: { [P in keyof K]: CursorField<K[P]> }) {
    this.fields = Object.entries(fields) as [keyof K & string, CursorField<unknown>][];
  }

  encode(key: K): string {
    return Buffer.from(JSON.stringify(this.fields.map(([name, field]) => field.write(key[name])))).toString(
      'base64url',
    );
  }

  /**
   * The key a cursor holds, null without one. 400 for a cursor this API did not return, or (with
   * `expected`) one made for a list with other parameters.
   */
  decode(cursor: string | undefined, expected: Partial<K> = {}): K | null {
    if (cursor === undefined) return null;
    let values: unknown;
    try {
      values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw foreignCursor();
    }
    if (!Array.isArray(values) || values.length !== this.fields.length) throw foreignCursor();
    const key: Record<string, unknown> = {};
    for (const [index, [name, field]] of this.fields.entries()) {
      const value = field.read(values[index]);
      if (value === undefined) throw foreignCursor();
      key[name] = value;
    }
    for (const [name, value] of Object.entries(expected)) {
      if (value !== undefined && key[name] !== value) {
        throw ApiError.validation([
          {
            field: 'cursor',
            message: `cursor belongs to a list in ${name}=${String(key[name])}; pass the same ${name}`,
          },
        ]);
      }
    }
    return key as K;
  }

  /**
   * Splits a `limit + 1` fetch into the page and the cursor to the next one. `keyOf` gives a row's
   * key; by default the key's fields are read from the row itself.
   */
  page<Row extends K>(rows: Row[], limit: number): { items: Row[]; nextCursor: string | null };
  page<Row>(rows: Row[], limit: number, keyOf: (row: Row) => K): { items: Row[]; nextCursor: string | null };
  page<Row>(
    rows: Row[],
    limit: number,
    keyOf: (row: Row) => K = (row) => row as unknown as K,
  ): { items: Row[]; nextCursor: string | null } {
    const items = rows.slice(0, limit);
    return {
      items,
      nextCursor: rows.length > limit ? this.encode(keyOf(items[items.length - 1])) : null,
    };
  }
}

/** The key of the lists sorted oldest first by `(created_at, id)`: bots, API keys, hooks, deliveries. */
export interface CreatedAtKey {
  createdAt: Date;
  id: string;
}

export const CREATED_AT_CURSOR = new KeysetCursor<CreatedAtKey>({
  createdAt: cursorFields.time,
  id: cursorFields.id,
});
