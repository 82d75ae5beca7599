import { EntityManager } from '@mikro-orm/postgresql';
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
import { attemptLeaseMs } from './lease';
import { currentSecrets, type HookSecrets } from './hook-secrets';

/** The longest a receiver's `Retry-After` may push an attempt back. */
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

interface ClaimedDelivery extends HookSecrets {
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

/** A wait with ±20 % jitter, so retries of many deliveries do not arrive together. */
export function withJitter(ms: number, random = Math.random): number {
  return Math.round(ms * (0.8 + 0.4 * random()));
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
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationShutdown {
  private readonly dispatcher: Agent;

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

  /** Attempts in one schedule: the waits between them, plus one. */
  get maxAttempts(): number {
    return this.config.webhookRetryScheduleMs.length + 1;
  }

  async process(job: DeliveryJobData): Promise<void> {
    const em = this.em.fork();
    const leaseMs = attemptLeaseMs(this.config.webhookTimeoutMs);
    const [claimed] = await em.execute<ClaimedDelivery[]>(
      `UPDATE deliveries d SET lease_until = now() + (? * interval '1 millisecond')
         FROM hook_subscriptions h, events e
        WHERE d.id = ? AND d.status = 'pending' AND d.attempt_count = ?
          AND (d.lease_until IS NULL OR d.lease_until < now())
          AND h.id = d.hook_id AND e.id = d.event_id
      RETURNING d.workspace_id, d.hook_id, d.schedule_start, h.status AS hook_status, h.target_url,
                h.sealed_secret, h.sealed_previous_secret, h.previous_secret_expires_at,
                e.id AS event_id, e.type AS event_type, e.created_at AS event_created_at, e.data::text AS event_data`,
      [leaseMs, job.deliveryId, job.attempt - 1],
    );
    if (!claimed) return;
    if (claimed.hook_status !== 'active') {
      await em.execute(
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
    if (outcome.succeeded) {
      // The common case in one atomic statement: the attempt, the delivery, the hook's failure count.
      await this.em.fork().execute(
        `WITH attempt AS (${insertAttempt}),
              done AS (UPDATE deliveries SET status = 'succeeded', attempt_count = ?, last_status_code = ?,
                              lease_until = NULL, completed_at = now()
                        WHERE id IN (SELECT delivery_id FROM attempt) RETURNING hook_id)
         UPDATE hook_subscriptions SET consecutive_failures = 0
          WHERE id IN (SELECT hook_id FROM done) AND consecutive_failures <> 0`,
        [...attemptValues, job.attempt, outcome.statusCode],
      );
      return null;
    }
    return this.em.fork().transactional(async (em) => {
      const inserted = await em.execute<{ delivery_id: string }[]>(insertAttempt, attemptValues);
      if (inserted.length === 0) return null; // deleted meanwhile, or another worker recorded it
      const gone = outcome.statusCode === 410;
      const exhausted = job.attempt - claimed.schedule_start >= this.maxAttempts;
      if (gone || exhausted) {
        await em.execute(
          `UPDATE deliveries SET status = 'failed', attempt_count = ?, last_status_code = ?, lease_until = NULL,
                  completed_at = now() WHERE id = ?`,
          [job.attempt, outcome.statusCode, job.deliveryId],
        );
        const reason = gone
          ? `The endpoint answered 410 Gone to delivery ${job.deliveryId}.`
          : `Delivery ${job.deliveryId} failed ${this.maxAttempts} attempts; the last: ${outcome.error ?? 'no response'}.`;
        await em.execute(
          `UPDATE hook_subscriptions SET status = 'paused', paused_at = now(), pause_reason = ?,
                  consecutive_failures = consecutive_failures + 1 WHERE id = ? AND status = 'active'`,
          [reason.slice(0, 500), claimed.hook_id],
        );
        await em.execute(
          `UPDATE deliveries SET status = 'cancelled', completed_at = now() WHERE hook_id = ? AND status = 'pending' AND id <> ?`,
          [claimed.hook_id, job.deliveryId],
        );
        return null;
      }
      const scheduled = this.config.webhookRetryScheduleMs[job.attempt - claimed.schedule_start - 1];
      const delayMs =
        outcome.retryAfterSeconds !== null
          ? Math.min(outcome.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS)
          : withJitter(scheduled);
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

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }
}
