import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { newId } from '../../common/ids/ids';
import { decodeEventCursor, encodeEventCursor, invalidEventCursor, type EventCursor } from './event-cursor';
import { EventSequencer } from './event-sequencer.service';
import type { EventData, EventEnvelope, EventType } from './event-types';

/** How far back `GET /events` reads: the outbox keeps 30 days. */
export const EVENT_RETENTION_DAYS = 30;

interface EventRow {
  id: string;
  type: EventType;
  workspace_id: string;
  data: EventData[EventType];
  created_at: Date;
  position: string;
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
 * commits or rolls back with the change that caused it. `GET /events` lists events by `position`,
 * which the EventSequencer gives them once they have committed, so a reader following its cursor
 * never skips an event that commits late, and no other transaction holds the feed back.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly em: EntityManager,
    private readonly sequencer: EventSequencer,
  ) {}

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

  /**
   * One page of a workspace's events, oldest first. A page that reaches the end of what has been
   * numbered while committed events wait for a number is read again after numbering them, so the
   * feed needs no worker and lists an event as soon as it has committed.
   */
  async list(
    workspaceId: string,
    options: { type?: EventType; since?: Date; limit: number; cursor?: string },
  ): Promise<{ events: EventEnvelope[]; nextCursor: string | null }> {
    const after = await this.positionOf(decodeEventCursor(options.cursor));
    const oldest = new Date(Date.now() - EVENT_RETENTION_DAYS * 24 * 3600 * 1000);
    const since = options.since && options.since > oldest ? options.since : oldest;
    const query = { workspaceId, type: options.type, since, after, limit: options.limit };
    const first = await this.readPage(query);
    const { rows } =
      first.unnumbered &&
      first.rows.length <= options.limit &&
      (await this.sequencer.sequence({ wakeRelay: true })) > 0
        ? await this.readPage(query)
        : first;
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      events: page.map(toEnvelope),
      nextCursor: rows.length > options.limit ? encodeEventCursor(String(last.position)) : null,
    };
  }

  /**
   * Up to `limit + 1` events after `after`, and whether committed events are waiting for a number:
   * one statement, so a read with nothing to number costs what it did before there was numbering.
   */
  private async readPage(query: {
    workspaceId: string;
    type?: EventType;
    since: Date;
    after: string | null;
    limit: number;
  }): Promise<{ rows: EventRow[]; unnumbered: boolean }> {
    const params: unknown[] = [query.workspaceId, query.since];
    let where = `workspace_id = ? AND position IS NOT NULL AND created_at >= ?`;
    if (query.type) {
      where += ` AND type = ?`;
      params.push(query.type);
    }
    if (query.after !== null) {
      where += ` AND position > ?::bigint`;
      params.push(query.after);
    }
    // One row with null event columns when the page is empty, so `unnumbered` always comes back.
    const rows = await this.em.execute<(EventRow & { unnumbered: boolean })[]>(
      `SELECT waiting.unnumbered, page.*
         FROM (SELECT EXISTS (SELECT 1 FROM events WHERE position IS NULL) AS unnumbered) waiting
         LEFT JOIN LATERAL (
           SELECT id, type, workspace_id, data, created_at, position FROM events
            WHERE ${where} ORDER BY position LIMIT ?) page ON true
        ORDER BY page.position`,
      [...params, query.limit + 1],
    );
    return { rows: rows.filter((row) => row.id !== null), unnumbered: rows[0].unnumbered };
  }

  /**
   * The position a cursor stands after. A cursor from before positions, `(txid, seq)` of the last
   * event read, maps to that event's position: existing events were numbered in `(txid, seq)` order,
   * so every event after it in the old order has a greater position. An event written after that
   * numbering has no place in the old order; its cursor (from a server that had not been upgraded
   * yet) maps to the last number given then (the sequence's start value less one), which may repeat
   * events but never skips one. A cursor of an event that no longer exists is refused.
   */
  private async positionOf(cursor: EventCursor | null): Promise<string | null> {
    if (cursor === null) return null;
    if ('position' in cursor) return cursor.position;
    const [row] = await this.em.execute<{ position: string }[]>(
      `SELECT least(position, (SELECT seqstart - 1 FROM pg_sequence WHERE seqrelid = 'events_position_seq'::regclass))
                AS position
         FROM events WHERE seq = ?::bigint AND txid = ?::xid8`,
      [cursor.legacy.seq, cursor.legacy.txid],
    );
    if (!row) throw invalidEventCursor();
    return String(row.position);
  }
}
