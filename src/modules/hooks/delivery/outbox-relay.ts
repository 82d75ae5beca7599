import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { newId } from '../../../common/ids/ids';
import { PgNotifications, type Subscription } from '../../../core/database/pg-notifications';
import { Readiness } from '../../../core/health/readiness';
import { APP_LOGGER } from '../../../core/logging/logger.token';
import { recordSpan } from '../../../core/tracing/trace-context';
import { EventSequencer } from '../../events/event-sequencer.service';
import { EVENTS_CHANNEL } from '../../events/event-types';
import { EventsRepository } from '../../events/events.repository';
import { HooksRepository } from '../hooks.repository';
import { DELIVERIES_CHANNEL } from './channels';
import { DeliveryQueue } from './delivery-queue';

const BATCH = 500;
/** Without notifications (the LISTEN connection down), the relay still polls this often. */
const POLL_MS = 1_000;
/** How often due deliveries without a live job are looked for. */
const SWEEP_MS = 5_000;

/**
 * The worker's outbox relay. It turns committed events into deliveries — one per (event, matching
 * active subscription), unique in the database — and deliveries into queue jobs:
 *
 * - relay: claims unrelayed events (`FOR UPDATE SKIP LOCKED`: several workers share the work, none
 *   waits), marks them relayed and inserts their deliveries in one transaction, then enqueues.
 * - sweep: every few seconds, enqueues deliveries that are due but have no live attempt — those
 *   whose enqueue failed (Redis down), whose worker died, or that the API made due (resume, retry).
 * - sequence: after relaying, gives the committed events their place in `GET /events`, so that
 *   feed reads seldom have to (they do when no worker runs).
 *
 * Woken by `nhx_events` (a statement trigger on `events`) and `nhx_deliveries` (the API, when it
 * makes deliveries due) through the process's `PgNotifications`; it polls every second regardless.
 * Enqueueing is idempotent (deterministic job ids, and the processor's claim), so the database can
 * always be trusted over the queue: nothing is lost while Redis or a worker is down.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly channels: Subscription[];
  private stopped = false;
  private wake: (() => void) | null = null;
  /** A notification arrived while a pass was running: run another pass at once instead of waiting. */
  private notified = false;
  private loop: Promise<void> | null = null;
  private lastSweep = 0;
  private pendingSweep = false;

  constructor(
    private readonly em: EntityManager,
    private readonly events: EventsRepository,
    private readonly hooks: HooksRepository,
    private readonly queue: DeliveryQueue,
    private readonly sequencer: EventSequencer,
    notifications: PgNotifications,
    readiness: Readiness,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    const passNow = (sweep: boolean) => () => {
      // A notification, or a (re)connection after which what was notified meanwhile is unknown.
      if (sweep) this.pendingSweep = true;
      this.notified = true;
      this.wake?.();
    };
    this.channels = [
      notifications.subscribe(EVENTS_CHANNEL, { notify: passNow(false), reset: passNow(false) }),
      notifications.subscribe(DELIVERIES_CHANNEL, { notify: passNow(true), reset: passNow(true) }),
    ];
    // Without notifications the relay still works, polling, but a second late: not ready.
    readiness.add('listen', async () => {
      if (!this.channels.every((channel) => channel.listening())) throw new Error('not listening');
    });
  }

  onApplicationBootstrap(): void {
    // The first call starts the shared LISTEN connection.
    for (const channel of this.channels) channel.listening();
    this.loop = this.run();
    this.logger.info('outbox relay started');
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.notified = false;
      try {
        while (!this.stopped && (await this.relayBatch()) === BATCH);
        // After the relay's claims have committed, so none of their rows is locked and skipped.
        await this.sequencer.sequenceAll({ wakeRelay: false });
        if (this.pendingSweep || Date.now() - this.lastSweep >= SWEEP_MS) {
          this.pendingSweep = false;
          this.lastSweep = Date.now();
          await this.sweep();
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'relay pass failed; retrying');
      }
      if (this.stopped) break;
      if (this.notified) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /**
   * Relays up to one batch of events; returns how many events it claimed. One transaction: claim
   * the events and mark them relayed, find their subscriptions, insert the deliveries. A batch
   * serves many traces, so each traced event gets a span of its own in its request's trace,
   * covering the whole pass.
   */
  async relayBatch(): Promise<number> {
    const startedAt = Date.now();
    const { events, matches, deliveryIds } = await this.em.fork().transactional(async (em) => {
      const claimed = await this.events.claimForRelay(em, BATCH);
      const matched = await this.hooks.matchSubscriptions(em, claimed);
      const inserted = await this.hooks.insertDeliveries(
        em,
        matched.map((match) => ({ id: newId('delivery'), ...match })),
      );
      return { events: claimed, matches: matched, deliveryIds: inserted };
    });
    await this.queue.enqueue(deliveryIds.map((deliveryId) => ({ deliveryId, attempt: 1 })));
    for (const event of events) {
      if (event.traceparent === null) continue;
      recordSpan('outbox relay', event.traceparent, startedAt, {
        'nhx.event.id': event.id,
        'nhx.event.type': event.type,
        'nhx.relay.batch_size': events.length,
        'nhx.relay.subscriptions': matches.filter((match) => match.eventId === event.id).length,
      });
    }
    return events.length;
  }

  /** Enqueues deliveries that are due and have no live lease; returns how many. */
  async sweep(): Promise<number> {
    const due = await this.hooks.dueDeliveries(BATCH);
    await this.queue.enqueue(due.map((row) => ({ deliveryId: row.id, attempt: row.attemptCount + 1 })));
    return due.length;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }
}
