import { Injectable } from '@nestjs/common';
import { EventsRepository } from './events.repository';

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
  constructor(private readonly events: EventsRepository) {}

  /**
   * Numbers up to one batch of committed, unnumbered events, oldest first, unless there are none or
   * another sequencer holds the lock; returns how many it numbered. With `wakeRelay` a batch also
   * notifies the worker's relay, which skips events locked here and would otherwise look again only
   * at its next poll.
   */
  async sequence(options: { wakeRelay: boolean }): Promise<number> {
    return this.events.sequence({ lockKey: SEQUENCER_LOCK_KEY, limit: BATCH, wakeRelay: options.wakeRelay });
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
