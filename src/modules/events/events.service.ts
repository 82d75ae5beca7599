import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { newId } from '../../common/ids/ids';
import { currentTraceparent } from '../../core/tracing/trace-context';
import { decodeEventCursor, encodeEventCursor, invalidEventCursor, type EventCursor } from './event-cursor';
import { EventSequencer } from './event-sequencer.service';
import type { EventData, EventEnvelope, EventType } from './event-types';
import { EventsRepository, toEnvelope } from './events.repository';

/** How far back `GET /events` reads: the outbox keeps 30 days. */
export const EVENT_RETENTION_DAYS = 30;

/**
 * The transactional outbox. `emit` writes an event through the caller's entity manager, so it
 * commits or rolls back with the change that caused it. `GET /events` lists events by `position`,
 * which the EventSequencer gives them once they have committed, so a reader following its cursor
 * never skips an event that commits late, and no other transaction holds the feed back.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly repository: EventsRepository,
    private readonly sequencer: EventSequencer,
  ) {}

  /**
   * Writes one event in the current transaction, with the trace of the request writing it (when
   * tracing is on); returns its envelope.
   */
  async emit<T extends EventType>(
    em: EntityManager,
    workspaceId: string,
    type: T,
    data: EventData[T],
  ): Promise<EventEnvelope<T>> {
    const id = newId('event');
    const createdAt = await this.repository.insert(em, {
      id,
      workspaceId,
      type,
      data,
      traceparent: currentTraceparent(),
    });
    return { id, type, createdAt: createdAt.toISOString(), workspaceId, data };
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
    const first = await this.repository.readPage(query);
    const { rows } =
      first.unnumbered &&
      first.rows.length <= options.limit &&
      (await this.sequencer.sequence({ wakeRelay: true })) > 0
        ? await this.repository.readPage(query)
        : first;
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      events: page.map(toEnvelope),
      nextCursor: rows.length > options.limit ? encodeEventCursor(String(last.position)) : null,
    };
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
    const position = await this.repository.legacyPosition(cursor.legacy.txid, cursor.legacy.seq);
    if (position === null) throw invalidEventCursor();
    return position;
  }
}
