import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { newId } from '../../common/ids/ids';
import { currentTraceparent } from '../../core/tracing/trace-context';
import { ApiError } from '../../common/http/errors';
import {
  decodeEventCursor,
  encodeEventCursor,
  invalidEventCursor,
  type EventCursor,
  type FeedOrder,
} from './event-cursor';
import { EventSequencer } from './event-sequencer.service';
import type { EventData, EventEnvelope, EventType } from './event-types';
import { EventsRepository, toEnvelope } from './events.repository';

/** How far back `GET /events` reads: the outbox keeps 30 days. */
export const EVENT_RETENTION_DAYS = 30;

/** `after=now`: start from the head of the feed, for a reader that only wants what is new. */
export const AFTER_NOW = 'now';

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
   * One page of a workspace's events, oldest first or newest first. A page that reaches the newest
   * numbered event while committed events wait for a number is read again after numbering them, so
   * the feed needs no worker and lists an event as soon as it has committed. Newest first, only the
   * first page can reach it: every position that becomes visible later is above the first page, so
   * the pages below it never change while a reader walks them.
   */
  async list(
    workspaceId: string,
    options: {
      type?: EventType;
      since?: Date;
      limit: number;
      cursor?: string;
      order?: FeedOrder;
      after?: string;
    },
  ): Promise<{ events: EventEnvelope[]; nextCursor: string | null }> {
    const order = options.order ?? 'asc';
    if (options.after !== undefined && options.cursor !== undefined) {
      throw ApiError.validation([{ field: 'after', message: 'after and cursor cannot be given together' }]);
    }
    if (options.after !== undefined && order === 'desc') {
      throw ApiError.validation([{ field: 'after', message: 'after reads oldest first; omit order=desc' }]);
    }
    if (options.after === AFTER_NOW) {
      // Nothing is after "now" yet: the answer is a cursor at the head of the feed. Events committed
      // before the request are numbered first, so they are not reported as new.
      await this.sequencer.sequenceAll({ wakeRelay: true });
      return { events: [], nextCursor: encodeEventCursor(await this.repository.headPosition(workspaceId)) };
    }
    const from =
      options.after !== undefined
        ? await this.positionAfterEvent(workspaceId, options.after)
        : await this.positionOf(decodeEventCursor(options.cursor, order));
    const oldest = new Date(Date.now() - EVENT_RETENTION_DAYS * 24 * 3600 * 1000);
    const since = options.since && options.since > oldest ? options.since : oldest;
    const query = { workspaceId, type: options.type, since, from, order, limit: options.limit };
    const first = await this.repository.readPage(query);
    const reachesNewest = order === 'asc' ? first.rows.length <= options.limit : from === null;
    const { rows } =
      first.unnumbered && reachesNewest && (await this.sequencer.sequence({ wakeRelay: true })) > 0
        ? await this.repository.readPage(query)
        : first;
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      events: page.map(toEnvelope),
      nextCursor: rows.length > options.limit ? encodeEventCursor(String(last.position), order) : null,
    };
  }

  /**
   * The position that `after=<event id>` reads from: the event's own. An event still waiting for a
   * number (a webhook can deliver it first) is numbered now; if it cannot be yet (the relay holds
   * it), the head of the feed stands in: its number will be greater, so it is listed again rather
   * than skipped.
   */
  private async positionAfterEvent(workspaceId: string, eventId: string): Promise<string> {
    let event = await this.repository.positionOfEvent(workspaceId, eventId);
    if (event?.position === null) {
      await this.sequencer.sequenceAll({ wakeRelay: true });
      event = await this.repository.positionOfEvent(workspaceId, eventId);
    }
    if (event === null) {
      throw ApiError.validation([
        {
          field: 'after',
          message: 'after must be "now" or the id of one of your events of the last 30 days',
        },
      ]);
    }
    return event.position ?? (await this.repository.headPosition(workspaceId));
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
