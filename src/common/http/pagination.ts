import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiError } from './errors';
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
    description: 'The `nextCursor` of the previous page; omit it for the first page.',
    example: 'WyIyMDI2LTAzLTE0VDA5OjIxOjQ3LjAwMFoiLCJib3RfNGE3YjIiXQ',
  })
  @Omittable()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

/** Position after the last row of a page, in the list's sort order `(createdAt, id)`. */
export interface Keyset {
  createdAt: Date;
  id: string;
}

export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.createdAt.toISOString(), keyset.id])).toString('base64url');
}

/** Decodes a cursor, answering 400 on anything this API did not hand out. */
export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (cursor === undefined) return null;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(createdAt));
    if (
      typeof createdAt === 'string' &&
      typeof id === 'string' &&
      !isIllFormed(id) &&
      !Number.isNaN(date.getTime())
    ) {
      return { createdAt: date, id };
    }
  } catch {
    // fall through to the error below
  }
  throw ApiError.validation([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
}

/** Splits a `limit + 1` fetch into the page and the cursor to the next one. */
export function toPage<T extends Keyset>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
}
