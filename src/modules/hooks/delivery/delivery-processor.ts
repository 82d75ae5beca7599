import { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Agent } from 'undici';
import { createSafeDispatcher } from '../../../common/net/ssrf';
import type { ResolvedConfig } from '../../../core/config/config';
import { APP_CONFIG } from '../../../core/config/config.token';
import { SecretBox } from '../../../core/crypto/secret-box';
import { APP_LOGGER } from '../../../core/logging/logger.token';
import { attemptDelivery, type AttemptOutcome } from './deliverer';
import { DeliveryQueue, type DeliveryJobData } from './delivery-queue';
import { decideFailure } from './failure-policy';
import { attemptLeaseMs } from './lease';
import { currentSecrets, type HookSecrets } from './hook-secrets';

interface ClaimedDelivery extends HookSecrets {
  id: string;
  workspace_id: string;
  hook_id: string;
  hook_status: 'active' | 'paused';
  target_url: string;
  event_id: string;
  event_type: string;
  event_created_at: Date;
  event_data: string;
  schedule_start: number;
}

/** The envelope as delivered: the documented field order, `data` exactly as stored. */
export function envelopeBody(row: {
  event_id: string;
  event_type: string;
  event_created_at: Date;
  workspace_id: string;
  event_data: string;
}): string {
  return (
    `{"id":${JSON.stringify(row.event_id)},"type":${JSON.stringify(row.event_type)},` +
    `"createdAt":${JSON.stringify(new Date(row.event_created_at).toISOString())},` +
    `"workspaceId":${JSON.stringify(row.workspace_id)},"data":${row.event_data}}`
  );
}

/** A window in which concurrent jobs' claims (and records) are gathered into one statement. */
const BATCH_WINDOW_MS = 2;
const MAX_BATCH = 64;
const batchOptions = {
  cache: false,
  maxBatchSize: MAX_BATCH,
  batchScheduleFn: (run: () => void) => setTimeout(run, BATCH_WINDOW_MS),
};

/** PostgreSQL's deadlock and serialization failures: the statement is safe to run again at once. */
const RETRYABLE = new Set(['40P01', '40001']);
const RETRIES = 3;

/**
 * Runs `work`, again (up to 3 times in all) when PostgreSQL picked it as a deadlock victim.
 * Concurrent batches, failure records and a pause cancelling a subscription's pending deliveries
 * lock rows of the same tables in no common order; a deadlock aborts one of them, which is retried
 * rather than failing its jobs into BullMQ's slower backoff.
 */
export async function retryingDeadlocks<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= RETRIES || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

/**
 * Runs a batch; if the statement fails, runs each item alone, so one bad row fails only its own job
 * (which BullMQ retries) and not the jobs batched with it.
 */
async function isolated<K, V>(
  items: readonly K[],
  run: (batch: readonly K[]) => Promise<V[]>,
): Promise<(V | Error)[]> {
  try {
    return await retryingDeadlocks(() => run(items));
  } catch (error) {
    if (items.length === 1) return [error instanceof Error ? error : new Error(String(error))];
    return Promise.all(
      items.map((item) =>
        retryingDeadlocks(() => run([item])).then(
          ([value]) => value,
          (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
        ),
      ),
    );
  }
}

/** A successful attempt, as recorded. */
interface SuccessRecord {
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  responseSnippet: string | null;
}

/**
 * Runs one attempt of one delivery (the BullMQ processor's body). The database decides:
 *
 * 1. Claim: a lease on the delivery, only if it is still pending at this attempt and no live lease
 *    exists. A duplicate job, a job for a deleted subscription or a stale attempt claims nothing.
 * 2. Attempt the HTTP POST outside any transaction.
 * 3. Record the attempt and the outcome in one transaction: success; failure with the next attempt
 *    due after the schedule's wait (or the receiver's `Retry-After`); or, on `410 Gone` or the last
 *    attempt, the subscription paused with its reason and its other pending deliveries cancelled.
 * 4. Enqueue the next attempt. If that fails, the relay's sweep enqueues it when it falls due.
 *
 * Claims and successes are batched (DataLoader): the jobs running at once (up to the worker's
 * concurrency) claim in one statement and record their successes in one statement, gathered over
 * 2 ms, instead of two commits per delivery — in the worker's CPU profile those commits were its
 * largest cost. Each row in a batch is decided exactly as it would be alone.
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationShutdown {
  private readonly dispatcher: Agent;
  private readonly claims = new DataLoader<DeliveryJobData, ClaimedDelivery | null>(
    (jobs) => isolated(jobs, (batch) => this.claimAll(batch)),
    batchOptions,
  );
  private readonly successes = new DataLoader<SuccessRecord, true>(
    (records) => isolated(records, (batch) => this.recordSuccesses(batch)),
    batchOptions,
  );

  constructor(
    private readonly em: EntityManager,
    private readonly queue: DeliveryQueue,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.dispatcher = createSafeDispatcher({
      allowPrivate: config.allowPrivateTargets,
      timeoutMs: config.webhookTimeoutMs,
    });
  }

  async process(job: DeliveryJobData): Promise<void> {
    const claimed = await this.claims.load(job);
    if (!claimed) return;
    if (claimed.hook_status !== 'active') {
      await this.em
        .getConnection()
        .execute(
          `UPDATE deliveries SET status = 'cancelled', lease_until = NULL, completed_at = now() WHERE id = ?`,
          [job.deliveryId],
        );
      return;
    }
    const outcome = await attemptDelivery(
      {
        targetUrl: claimed.target_url,
        deliveryId: job.deliveryId,
        eventId: claimed.event_id,
        eventType: claimed.event_type,
        body: envelopeBody(claimed),
        secrets: currentSecrets(this.secrets, claimed.hook_id, claimed),
      },
      {
        dispatcher: this.dispatcher,
        timeoutMs: this.config.webhookTimeoutMs,
        allowPrivate: this.config.allowPrivateTargets,
      },
    );
    const next = await this.record(job, claimed, outcome);
    this.logger.info(
      {
        deliveryId: job.deliveryId,
        hookId: claimed.hook_id,
        eventId: claimed.event_id,
        attempt: job.attempt,
        statusCode: outcome.statusCode,
        latencyMs: outcome.latencyMs,
        succeeded: outcome.succeeded,
        error: outcome.error,
      },
      'webhook attempt',
    );
    if (next) await this.queue.enqueue([next]);
  }

  private async record(
    job: DeliveryJobData,
    claimed: ClaimedDelivery,
    outcome: AttemptOutcome,
  ): Promise<(DeliveryJobData & { delayMs: number }) | null> {
    if (outcome.succeeded) {
      await this.successes.load({
        deliveryId: job.deliveryId,
        attempt: job.attempt,
        startedAt: outcome.startedAt,
        statusCode: outcome.statusCode,
        latencyMs: outcome.latencyMs,
        responseSnippet: outcome.responseSnippet,
      });
      return null;
    }
    return retryingDeadlocks(() => this.recordFailure(job, claimed, outcome));
  }

  /** A failed attempt, in one transaction: the attempt, then a retry scheduled or the subscription paused. */
  private recordFailure(
    job: DeliveryJobData,
    claimed: ClaimedDelivery,
    outcome: AttemptOutcome,
  ): Promise<(DeliveryJobData & { delayMs: number }) | null> {
    const attemptValues = [
      job.deliveryId,
      job.attempt,
      outcome.startedAt,
      outcome.statusCode,
      outcome.latencyMs,
      outcome.responseSnippet,
      outcome.error,
      outcome.succeeded,
      job.deliveryId,
    ];
    const insertAttempt = `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, status_code, latency_ms,
                                                         response_snippet, error, succeeded)
         SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = ?)
         ON CONFLICT (delivery_id, attempt) DO NOTHING RETURNING delivery_id`;
    return this.em.fork().transactional(async (em) => {
      const inserted = await em.execute<{ delivery_id: string }[]>(insertAttempt, attemptValues);
      if (inserted.length === 0) return null; // deleted meanwhile, or another worker recorded it
      const decision = decideFailure(
        {
          attempt: job.attempt,
          scheduleStart: claimed.schedule_start,
          statusCode: outcome.statusCode,
          retryAfterSeconds: outcome.retryAfterSeconds,
          error: outcome.error,
        },
        job.deliveryId,
        this.config.webhookRetryScheduleMs,
      );
      if (decision.action === 'pause') {
        await em.execute(
          `UPDATE deliveries SET status = 'failed', attempt_count = ?, last_status_code = ?, lease_until = NULL,
                  completed_at = now() WHERE id = ?`,
          [job.attempt, outcome.statusCode, job.deliveryId],
        );
        await em.execute(
          `UPDATE hook_subscriptions SET status = 'paused', paused_at = now(), pause_reason = ?,
                  consecutive_failures = consecutive_failures + 1 WHERE id = ? AND status = 'active'`,
          [decision.reason.slice(0, 500), claimed.hook_id],
        );
        await em.execute(
          `UPDATE deliveries SET status = 'cancelled', completed_at = now() WHERE hook_id = ? AND status = 'pending' AND id <> ?`,
          [claimed.hook_id, job.deliveryId],
        );
        return null;
      }
      const { delayMs } = decision;
      await em.execute(
        `UPDATE deliveries SET attempt_count = ?, last_status_code = ?, lease_until = NULL,
                next_attempt_at = now() + (? * interval '1 millisecond') WHERE id = ?`,
        [job.attempt, outcome.statusCode, delayMs, job.deliveryId],
      );
      await em.execute(
        `UPDATE hook_subscriptions SET consecutive_failures = consecutive_failures + 1 WHERE id = ?`,
        [claimed.hook_id],
      );
      return { deliveryId: job.deliveryId, attempt: job.attempt + 1, delayMs };
    });
  }

  /**
   * Leases every claimable delivery of a batch in one statement. A delivery listed twice (a
   * duplicate job) is handed to its first job only.
   */
  private async claimAll(jobs: readonly DeliveryJobData[]): Promise<(ClaimedDelivery | null)[]> {
    const leaseMs = attemptLeaseMs(this.config.webhookTimeoutMs);
    const rows = await this.em.getConnection().execute<ClaimedDelivery[]>(
      `UPDATE deliveries d SET lease_until = now() + (? * interval '1 millisecond')
         FROM json_to_recordset(?::json) AS j(id text, attempt_count int), hook_subscriptions h, events e
        WHERE d.id = j.id AND d.status = 'pending' AND d.attempt_count = j.attempt_count
          AND (d.lease_until IS NULL OR d.lease_until < now())
          AND h.id = d.hook_id AND e.id = d.event_id
      RETURNING d.id, d.workspace_id, d.hook_id, d.schedule_start, h.status AS hook_status, h.target_url,
                h.sealed_secret, h.sealed_previous_secret, h.previous_secret_expires_at,
                e.id AS event_id, e.type AS event_type, e.created_at AS event_created_at, e.data::text AS event_data`,
      [leaseMs, JSON.stringify(jobs.map((job) => ({ id: job.deliveryId, attempt_count: job.attempt - 1 })))],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return jobs.map((job) => {
      const row = byId.get(job.deliveryId) ?? null;
      byId.delete(job.deliveryId);
      return row;
    });
  }

  /**
   * Records a batch of successful attempts atomically: the attempts, their deliveries, and their
   * hooks' failure counts. An attempt already recorded, or of a delivery deleted meanwhile, is skipped.
   */
  private async recordSuccesses(records: readonly SuccessRecord[]): Promise<true[]> {
    await this.em.getConnection().execute(
      `WITH j AS (SELECT * FROM json_to_recordset(?::json)
                    AS j(delivery_id text, attempt int, started_at timestamptz, status_code int,
                         latency_ms int, response_snippet text)),
            attempt AS (INSERT INTO delivery_attempts (delivery_id, attempt, started_at, status_code, latency_ms,
                                                      response_snippet, error, succeeded)
                        SELECT j.delivery_id, j.attempt, j.started_at, j.status_code, j.latency_ms,
                               j.response_snippet, NULL, true
                          FROM j JOIN deliveries d ON d.id = j.delivery_id
                        ON CONFLICT (delivery_id, attempt) DO NOTHING
                        RETURNING delivery_id, attempt, status_code),
            done AS (UPDATE deliveries d SET status = 'succeeded', attempt_count = a.attempt,
                            last_status_code = a.status_code, lease_until = NULL, completed_at = now()
                       FROM attempt a WHERE d.id = a.delivery_id RETURNING d.hook_id)
       UPDATE hook_subscriptions SET consecutive_failures = 0
        WHERE id IN (SELECT hook_id FROM done) AND consecutive_failures <> 0`,
      [
        JSON.stringify(
          records.map((record) => ({
            delivery_id: record.deliveryId,
            attempt: record.attempt,
            started_at: record.startedAt.toISOString(),
            status_code: record.statusCode,
            latency_ms: record.latencyMs,
            response_snippet: record.responseSnippet,
          })),
        ),
      ],
    );
    return records.map(() => true);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }
}
