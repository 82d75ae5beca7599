import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { readWithin } from '../../core/database/bounded-read';
import { EVENTS_CHANNEL, type EventData, type EventEnvelope, type EventType } from './event-types';

/** An event as the feed reads it. */
interface EventRow {
  id: string;
  type: EventType;
  workspace_id: string;
  data: EventData[EventType];
  created_at: Date | string;
  position: string;
}

/** An event the relay has claimed, with what matching it to subscriptions needs. */
export interface ClaimedEvent {
  id: string;
  workspaceId: string;
  type: EventType;
  createdAt: Date;
  /** The trace of the request that wrote it (tracing on), else null. */
  traceparent: string | null;
}

/** One page of the feed, and whether committed events are waiting for a position. */
export interface FeedPage {
  rows: EventRow[];
  unnumbered: boolean;
}

export function toEnvelope(row: EventRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    createdAt: new Date(row.created_at).toISOString(),
    workspaceId: row.workspace_id,
    data: row.data,
  };
}

/** The outbox's statements: `events` is written in the caller's transaction and read by the feed and the relay. */
@Injectable()
export class EventsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Inserts one event through `em` (the transaction of the change that caused it); returns its `created_at`. */
  async insert(
    em: EntityManager,
    event: {
      id: string;
      workspaceId: string;
      type: EventType;
      data: EventData[EventType];
      traceparent: string | null;
    },
  ): Promise<Date> {
    const [row] = await em.execute<{ created_at: Date | string }[]>(
      `INSERT INTO events (id, workspace_id, type, data, traceparent) VALUES (?, ?, ?, ?::json, ?)
       RETURNING created_at`,
      [event.id, event.workspaceId, event.type, JSON.stringify(event.data), event.traceparent],
    );
    return new Date(row.created_at);
  }

  /**
   * Up to `limit + 1` numbered events of a workspace past `from` in the direction `order` reads
   * (after it oldest first, before it newest first), in that order, and whether any committed event
   * waits for a number: one statement, so a read with nothing to number costs what it did before
   * there was numbering.
   */
  async readPage(query: {
    workspaceId: string;
    type?: EventType;
    since: Date;
    from: string | null;
    order: 'asc' | 'desc';
    limit: number;
  }): Promise<FeedPage> {
    const params: unknown[] = [query.workspaceId, query.since];
    let where = `workspace_id = ? AND position IS NOT NULL AND created_at >= ?`;
    if (query.type) {
      where += ` AND type = ?`;
      params.push(query.type);
    }
    if (query.from !== null) {
      where += query.order === 'asc' ? ` AND position > ?::bigint` : ` AND position < ?::bigint`;
      params.push(query.from);
    }
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    // One row with null event columns when the page is empty, so `unnumbered` always comes back.
    const rows = await this.em.execute<(EventRow & { unnumbered: boolean })[]>(
      `SELECT waiting.unnumbered, page.*
         FROM (SELECT EXISTS (SELECT 1 FROM events WHERE position IS NULL) AS unnumbered) waiting
         LEFT JOIN LATERAL (
           SELECT id, type, workspace_id, data, created_at, position FROM events
            WHERE ${where} ORDER BY position ${direction} LIMIT ?) page ON true
        ORDER BY page.position ${direction}`,
      [...params, query.limit + 1],
    );
    return { rows: rows.filter((row) => row.id !== null), unnumbered: rows[0].unnumbered };
  }

  /** The greatest position among a workspace's listed events; `0` when it has none. */
  async headPosition(workspaceId: string): Promise<string> {
    const [row] = await this.em.execute<{ position: string }[]>(
      `SELECT coalesce(max(position), 0)::text AS position FROM events WHERE workspace_id = ?`,
      [workspaceId],
    );
    return row.position;
  }

  /**
   * One of a workspace's events: whether it exists, and its position (null while it waits for one).
   * Another workspace's event is as absent as a missing one.
   */
  async positionOfEvent(workspaceId: string, id: string): Promise<{ position: string | null } | null> {
    const [row] = await this.em.execute<{ position: string | null }[]>(
      `SELECT position::text AS position FROM events WHERE workspace_id = ? AND id = ?`,
      [workspaceId, id],
    );
    return row ?? null;
  }

  /**
   * The position standing for the event `(txid, seq)` of the feed's old order: its own, capped at
   * the sequence's start value less one (the last number the upgrade gave). Null when the event is gone.
   */
  async legacyPosition(txid: string, seq: string): Promise<string | null> {
    const [row] = await this.em.execute<{ position: string }[]>(
      `SELECT least(position, (SELECT seqstart - 1 FROM pg_sequence WHERE seqrelid = 'events_position_seq'::regclass))
                AS position
         FROM events WHERE seq = ?::bigint AND txid = ?::xid8`,
      [seq, txid],
    );
    return row ? String(row.position) : null;
  }

  /**
   * Numbers up to `limit` committed, unnumbered events in `seq` order, if any wait and the advisory
   * lock `lockKey` is free; returns how many. One statement, so one transaction: the lock is taken
   * (only when there is work) before the sequence is read, and released at the statement's commit.
   * Its snapshot may predate the previous holder's commit; rows numbered meanwhile fail the re-check
   * of `position IS NULL` that FOR UPDATE makes on their latest version, so none is numbered twice.
   * With `wakeRelay`, a batch also raises the events channel.
   */
  async sequence(options: { lockKey: number; limit: number; wakeRelay: boolean }): Promise<number> {
    const [row] = await this.em.fork().execute<{ sequenced: number }[]>(
      `WITH batch AS MATERIALIZED (
         SELECT id, seq FROM events
          WHERE position IS NULL
            AND (SELECT CASE WHEN EXISTS (SELECT 1 FROM events WHERE position IS NULL)
                        THEN pg_try_advisory_xact_lock(?) ELSE false END)
          ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED),
       numbered AS MATERIALIZED (
         SELECT id, nextval('events_position_seq') AS position FROM (SELECT id FROM batch ORDER BY seq) b),
       updated AS (
         UPDATE events e SET position = numbered.position FROM numbered WHERE e.id = numbered.id RETURNING 1)
       SELECT n AS sequenced, CASE WHEN n > 0 AND ? THEN pg_notify('${EVENTS_CHANNEL}', '') END AS woke
         FROM (SELECT count(*)::int AS n FROM updated) counted`,
      [options.lockKey, options.limit, options.wakeRelay],
    );
    return row.sequenced;
  }

  /**
   * Claims up to `limit` unrelayed events in `em`'s transaction, oldest first, and marks them
   * relayed: `FOR UPDATE SKIP LOCKED`, so several relays share the work and none waits. The mark
   * commits with whatever the caller writes for them in the same transaction.
   */
  async claimForRelay(em: EntityManager, limit: number): Promise<ClaimedEvent[]> {
    const rows = await em.execute<(Omit<ClaimedEvent, 'createdAt'> & { createdAt: Date | string })[]>(
      `WITH claimed AS (
         SELECT id FROM events WHERE relayed_at IS NULL ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED),
       relayed AS (
         UPDATE events e SET relayed_at = clock_timestamp() FROM claimed WHERE e.id = claimed.id
         RETURNING e.id, e.workspace_id, e.type, e.created_at, e.traceparent, e.seq)
       SELECT id, workspace_id AS "workspaceId", type, created_at AS "createdAt", traceparent
         FROM relayed ORDER BY seq`,
      [limit],
    );
    return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
  }

  /**
   * Seconds since the oldest unrelayed event (first in relay order) was written; 0 when none waits.
   * One row from `events_unrelayed_index`, under a statement timeout of `timeoutMs`.
   */
  async outboxLagSeconds(timeoutMs: number): Promise<number> {
    const [row] = await readWithin<{ lag: number | string | null }>(
      this.em,
      timeoutMs,
      `SELECT extract(epoch FROM clock_timestamp() - created_at)::float8 AS lag
         FROM events WHERE relayed_at IS NULL ORDER BY seq LIMIT 1`,
    );
    return row ? Math.max(0, Number(row.lag)) : 0;
  }

  /** The ids of a workspace's events of one type created since `since` and within `retentionDays`, oldest first. */
  async idsSince(
    em: EntityManager,
    query: { workspaceId: string; type: EventType; since: Date; retentionDays: number },
  ): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      `SELECT id FROM events
        WHERE workspace_id = ? AND type = ? AND created_at >= greatest(?::timestamptz, now() - make_interval(days => ?))
        ORDER BY seq`,
      [query.workspaceId, query.type, query.since, query.retentionDays],
    );
    return rows.map((row) => row.id);
  }

  /** Deletes up to `limit` relayed events older than `retentionDays` (their deliveries go with them). */
  async purgeExpired(retentionDays: number, limit: number): Promise<void> {
    await this.em.fork().execute(
      `DELETE FROM events WHERE id IN
         (SELECT id FROM events WHERE created_at < now() - make_interval(days => ?) AND relayed_at IS NOT NULL LIMIT ?)`,
      [retentionDays, limit],
    );
  }
}
