import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { newId } from '../../../common/ids/ids';
import { IDEMPOTENCY_WINDOW_HOURS } from '../../../common/idempotency/idempotency.interceptor';
import { EventSequencer } from '../../events/event-sequencer.service';
import { EVENTS_CHANNEL } from '../../events/event-types';
import { EVENT_RETENTION_DAYS } from '../../events/events.service';
import type { ResolvedConfig } from '../../../core/config/config';
import { APP_CONFIG } from '../../../core/config/config.token';
import { APP_LOGGER } from '../../../core/logging/logger.token';
import { DELIVERIES_CHANNEL } from './channels';
import { DeliveryProcessor } from './delivery-processor';
import { DeliveryQueue, type DeliveryJobData } from './delivery-queue';

const BATCH = 500;
/** Without notifications (a dropped LISTEN connection), the relay still polls this often. */
const POLL_MS = 1_000;
/** How often due deliveries without a live job are looked for. */
const SWEEP_MS = 5_000;
/** How often expired rows are purged: idempotency keys after 24 h, events (and their deliveries) after 30 days. */
const PURGE_MS = 10 * 60_000;

/**
 * The worker's outbox relay. It turns committed events into deliveries — one per (event, matching
 * active subscription), unique in the database — and deliveries into queue jobs:
 *
 * - relay: claims unrelayed events with `FOR UPDATE SKIP LOCKED` (several workers share the work,
 *   none waits), inserts their deliveries and marks them relayed in one transaction, then enqueues.
 * - sweep: every few seconds, enqueues deliveries that are due but have no live attempt — those
 *   whose enqueue failed (Redis down), whose worker died, or that the API made due (resume, retry).
 * - sequence: after relaying, gives the committed events their place in `GET /events`, so that
 *   feed reads seldom have to (they do when no worker runs).
 *
 * Enqueueing is idempotent (deterministic job ids, and the processor's claim), so the database can
 * always be trusted over the queue: nothing is lost while Redis or a worker is down.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private listener: Client | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  /** A notification arrived while a pass was running: run another pass at once instead of waiting. */
  private notified = false;
  private loop: Promise<void> | null = null;
  private lastSweep = 0;
  private lastPurge = 0;
  private pendingSweep = false;

  constructor(
    private readonly em: EntityManager,
    private readonly queue: DeliveryQueue,
    private readonly processor: DeliveryProcessor,
    private readonly sequencer: EventSequencer,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.queue.process((job) => this.processor.process(job));
    void this.listen();
    this.loop = this.run();
    this.logger.info(
      { backend: this.queue.backend, concurrency: this.config.webhookConcurrency },
      'webhook relay and delivery worker started',
    );
  }

  private async listen(): Promise<void> {
    while (!this.stopped) {
      const client = new Client({ connectionString: this.config.databaseUrl });
      try {
        await client.connect();
        client.on('notification', (message) => {
          if (message.channel === DELIVERIES_CHANNEL) this.pendingSweep = true;
          this.notified = true;
          this.wake?.();
        });
        await client.query(`LISTEN ${EVENTS_CHANNEL}`);
        await client.query(`LISTEN ${DELIVERIES_CHANNEL}`);
        this.listener = client;
        await new Promise<void>((resolve) =>
          client.once('error', () => resolve()).once('end', () => resolve()),
        );
      } catch (error) {
        if (!this.stopped)
          this.logger.warn({ err: error }, 'relay LISTEN connection lost; polling until it is back');
      }
      await client.end().catch(() => undefined);
      this.listener = null;
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
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
        if (Date.now() - this.lastPurge >= PURGE_MS) {
          this.lastPurge = Date.now();
          await this.purge();
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
   * Relays up to one batch of events; returns how many events it claimed. Two statements in one
   * transaction: claim the events with their matching subscriptions, then insert the deliveries and
   * mark the events relayed together.
   */
  async relayBatch(): Promise<number> {
    const { claimed, jobs } = await this.em.fork().transactional(async (em) => {
      const matches = await em.execute<{ id: string; workspace_id: string; hook_id: string | null }[]>(
        `WITH claimed AS (
           SELECT id, workspace_id, type, created_at, seq FROM events WHERE relayed_at IS NULL
            ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         SELECT c.id, c.workspace_id, h.id AS hook_id
           FROM claimed c
           LEFT JOIN hook_subscriptions h
             ON h.workspace_id = c.workspace_id AND h.event = c.type AND h.status = 'active'
            AND h.created_at <= c.created_at
          ORDER BY c.seq`,
      );
      if (matches.length === 0) return { claimed: 0, jobs: [] as DeliveryJobData[] };
      const eventIds = [...new Set(matches.map((match) => match.id))];
      const rows = matches.flatMap((match) =>
        match.hook_id === null
          ? []
          : [{ id: newId('delivery'), workspace: match.workspace_id, hook: match.hook_id, event: match.id }],
      );
      const inserted = await em.execute<{ id: string }[]>(
        `WITH inserted AS (
           INSERT INTO deliveries (id, workspace_id, hook_id, event_id)
           SELECT id, workspace, hook, event
             FROM json_to_recordset(?::json) AS r(id text, workspace text, hook text, event text)
           ON CONFLICT (event_id, hook_id) DO NOTHING RETURNING id),
         relayed AS (
           UPDATE events SET relayed_at = clock_timestamp()
            WHERE id IN (SELECT json_array_elements_text(?::json)) RETURNING id)
         SELECT id FROM inserted`,
        [JSON.stringify(rows), JSON.stringify(eventIds)],
      );
      return { claimed: eventIds.length, jobs: inserted.map(({ id }) => ({ deliveryId: id, attempt: 1 })) };
    });
    await this.queue.enqueue(jobs);
    return claimed;
  }

  /** Enqueues deliveries that are due and have no live lease; returns how many. */
  async sweep(): Promise<number> {
    const due = await this.em.fork().execute<{ id: string; attempt_count: number }[]>(
      `SELECT id, attempt_count FROM deliveries
        WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
        ORDER BY next_attempt_at LIMIT ${BATCH}`,
    );
    await this.queue.enqueue(due.map((row) => ({ deliveryId: row.id, attempt: row.attempt_count + 1 })));
    return due.length;
  }

  /** Deletes what is past its retention, in bounded batches. */
  async purge(): Promise<void> {
    const em = this.em.fork();
    await em.execute(
      `DELETE FROM idempotency_keys WHERE (api_key_id, key) IN
         (SELECT api_key_id, key FROM idempotency_keys WHERE created_at < now() - interval '${IDEMPOTENCY_WINDOW_HOURS} hours' LIMIT 10000)`,
    );
    await em.execute(
      `DELETE FROM events WHERE id IN
         (SELECT id FROM events WHERE created_at < now() - interval '${EVENT_RETENTION_DAYS} days' AND relayed_at IS NOT NULL LIMIT 10000)`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.listener?.end().catch(() => undefined);
    await this.loop;
  }
}
