import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EVENTS_CHANNEL } from './event-types';

/** Any constant: the transaction-scoped advisory lock a sequencer holds until it commits. */
export const SEQUENCER_LOCK_KEY = 0x6e687873; // "nhxs"
/** Events numbered per statement: one statement stays short, so the lock and the row locks do too. */
const BATCH = 1_000;

/**
 * Gives committed events their `position` in `GET /events`, from `events_position_seq`.
 *
 * Why no reader can skip an event: a sequencer numbers events only while holding one advisory
 * lock, which it keeps until its transaction has committed (PostgreSQL releases a transaction's
 * locks after its commit is visible). So sequencers run one after another, each one's numbers come
 * from the sequence after the previous one's, and each one's numbers become visible all at once
 * when it commits. Every position that becomes visible is therefore greater than every position
 * that was visible before: once a reader has read position p, no event below p can appear. An event
 * that commits late, or that the worker's relay has locked (skipped here and numbered by a later
 * pass), simply gets a later position.
 *
 * Nothing here depends on other transactions ending: a long transaction anywhere on the server
 * delays only its own events. A sequencer never waits, neither for the lock (another sequencer is
 * at work: its numbers will be visible in a moment) nor for a locked row, and it is one statement in
 * its own transaction (no session state), so it works through a transaction-mode connection pool.
 */
@Injectable()
export class EventSequencer {
  constructor(private readonly em: EntityManager) {}

  /**
   * Numbers up to one batch of committed, unnumbered events, oldest first, unless there are none or
   * another sequencer holds the lock; returns how many it numbered. With `wakeRelay` a batch also
   * notifies the worker's relay, which skips events locked here and would otherwise look again only
   * at its next poll.
   */
  async sequence(options: { wakeRelay: boolean }): Promise<number> {
    // One statement, so one transaction: the lock is taken (only when there is work) before the
    // sequence is read, and released at the statement's commit. The statement's snapshot may predate
    // the previous sequencer's commit; rows it numbered meanwhile fail the re-check of `position IS
    // NULL` that FOR UPDATE makes on their latest version, so no event is numbered twice.
    const [row] = await this.em.fork().execute<{ sequenced: number }[]>(
      `WITH batch AS MATERIALIZED (
         SELECT id, seq FROM events
          WHERE position IS NULL
            AND (SELECT CASE WHEN EXISTS (SELECT 1 FROM events WHERE position IS NULL)
                        THEN pg_try_advisory_xact_lock(?) ELSE false END)
          ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED),
       numbered AS MATERIALIZED (
         SELECT id, nextval('events_position_seq') AS position FROM (SELECT id FROM batch ORDER BY seq) b),
       updated AS (
         UPDATE events e SET position = numbered.position FROM numbered WHERE e.id = numbered.id RETURNING 1)
       SELECT n AS sequenced, CASE WHEN n > 0 AND ? THEN pg_notify('${EVENTS_CHANNEL}', '') END AS woke
         FROM (SELECT count(*)::int AS n FROM updated) counted`,
      [SEQUENCER_LOCK_KEY, options.wakeRelay],
    );
    return row.sequenced;
  }

  /** Numbers every committed, unnumbered event that is not locked; stops early if another sequencer is at work. */
  async sequenceAll(options: { wakeRelay: boolean }): Promise<number> {
    let total = 0;
    for (;;) {
      const sequenced = await this.sequence(options);
      total += sequenced;
      if (sequenced < BATCH) return total;
    }
  }
}
