import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/http/errors';
import { newId } from '../../common/ids/ids';
import type { EventData, EventEnvelope, EventType } from './event-types';

/** How far back `GET /events` reads (SPEC §5: the outbox, 30 days). */
export const EVENT_RETENTION_DAYS = 30;

interface EventRow {
  id: string;
  type: EventType;
  workspace_id: string;
  data: EventData[EventType];
  created_at: Date;
  txid: string;
  seq: string;
}

/** A position in the outbox's order `(txid, seq)`. */
export interface OutboxPosition {
  txid: string;
  seq: string;
}

export function encodeEventCursor(position: OutboxPosition): string {
  return Buffer.from(JSON.stringify([position.txid, position.seq])).toString('base64url');
}

/** The ranges of `xid8` and `bigint`: a cursor outside them is not one this API returned. */
const MAX_XID8 = 2n ** 64n - 1n;
const MAX_BIGINT = 2n ** 63n - 1n;

export function decodeEventCursor(cursor: string | undefined): OutboxPosition | null {
  if (cursor === undefined) return null;
  try {
    const [txid, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof txid === 'string' &&
      typeof seq === 'string' &&
      /^\d{1,20}$/.test(txid) &&
      /^\d{1,20}$/.test(seq) &&
      BigInt(txid) <= MAX_XID8 &&
      BigInt(seq) <= MAX_BIGINT
    ) {
      return { txid, seq };
    }
  } catch {
    // fall through to the error below
  }
  throw ApiError.validation([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
}

export function toEnvelope(
  row: Pick<EventRow, 'id' | 'type' | 'workspace_id' | 'data' | 'created_at'>,
): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    createdAt: new Date(row.created_at).toISOString(),
    workspaceId: row.workspace_id,
    data: row.data,
  };
}

/**
 * The transactional outbox. `emit` writes an event through the caller's entity manager, so it
 * commits or rolls back with the change that caused it. Readers see events in `(txid, seq)` order
 * and only those of transactions older than every transaction still running
 * (`txid < pg_snapshot_xmin(pg_current_snapshot())`): that set never grows behind a reader's
 * position, so paging (and the webhook relay) can never skip an event that commits late.
 */
@Injectable()
export class EventsService {
  constructor(private readonly em: EntityManager) {}

  /** Writes one event in the current transaction; returns its envelope. */
  async emit<T extends EventType>(
    em: EntityManager,
    workspaceId: string,
    type: T,
    data: EventData[T],
  ): Promise<EventEnvelope<T>> {
    const id = newId('event');
    const [row] = await em.execute<{ created_at: Date }[]>(
      `INSERT INTO events (id, workspace_id, type, data) VALUES (?, ?, ?, ?::json) RETURNING created_at`,
      [id, workspaceId, type, JSON.stringify(data)],
    );
    return { id, type, createdAt: new Date(row.created_at).toISOString(), workspaceId, data };
  }

  /** One page of a workspace's events, oldest first. */
  async list(
    workspaceId: string,
    options: { type?: EventType; since?: Date; limit: number; cursor?: string },
  ): Promise<{ events: EventEnvelope[]; nextCursor: string | null }> {
    const after = decodeEventCursor(options.cursor);
    const oldest = new Date(Date.now() - EVENT_RETENTION_DAYS * 24 * 3600 * 1000);
    const since = options.since && options.since > oldest ? options.since : oldest;
    const params: unknown[] = [workspaceId, since];
    let where = `workspace_id = ? AND created_at >= ? AND txid < pg_snapshot_xmin(pg_current_snapshot())`;
    if (options.type) {
      where += ` AND type = ?`;
      params.push(options.type);
    }
    if (after) {
      where += ` AND (txid, seq) > (?::xid8, ?::bigint)`;
      params.push(after.txid, after.seq);
    }
    // ORDER BY names the table's columns: a bare `txid, seq` would sort by the text aliases below
    // ('10' < '9'), out of step with the numeric cursor comparison, and skip or repeat events.
    const rows = await this.em.execute<EventRow[]>(
      `SELECT id, type, workspace_id, data, created_at, txid::text AS txid, seq::text AS seq
         FROM events WHERE ${where} ORDER BY events.txid, events.seq LIMIT ?`,
      [...params, options.limit + 1],
    );
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      events: page.map(toEnvelope),
      nextCursor: rows.length > options.limit ? encodeEventCursor(last) : null,
    };
  }
}
