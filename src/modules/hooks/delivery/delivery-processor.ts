import { EntityManager } from '@mikro-orm/postgresql';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import {
  Inject,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Job } from 'bullmq';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { Agent } from 'undici';
import { createSafeDispatcher } from '../../../common/net/ssrf';
import type { ResolvedConfig } from '../../../core/config/config';
import { APP_CONFIG } from '../../../core/config/config.token';
import { SecretBox } from '../../../core/crypto/secret-box';
import { APP_LOGGER } from '../../../core/logging/logger.token';
import { Metrics } from '../../../core/metrics/metrics';
import { safeErrorMessage } from '../../../core/logging/redaction';
import { inSpan } from '../../../core/tracing/trace-context';
import { HooksRepository, type AttemptRecord, type ClaimedDelivery } from '../hooks.repository';
import { batchOptions, isolated, retryingDeadlocks } from './batching';
import { attemptDelivery, type AttemptOutcome } from './deliverer';
import { DELIVERY_QUEUE, DeliveryQueue, type DeliveryJobData } from './delivery-queue';
import { decideFailure, failureResult, type AttemptResult } from './failure-policy';
import { currentSecrets } from './hook-secrets';
import { attemptLeaseMs } from './lease';

/** The envelope as delivered: the documented field order, `data` exactly as stored. */
export function envelopeBody(row: {
  event_id: string;
  event_type: string;
  event_created_at: Date | string;
  workspace_id: string;
  event_data: string;
}): string {
  return (
    `{"id":${JSON.stringify(row.event_id)},"type":${JSON.stringify(row.event_type)},` +
    `"createdAt":${JSON.stringify(new Date(row.event_created_at).toISOString())},` +
    `"workspaceId":${JSON.stringify(row.workspace_id)},"data":${row.event_data}}`
  );
}

/**
 * How long attempts in flight may run on after a shutdown began: three quarters of the shutdown
 * timeout, at most 5 s short of it (the rest is for releasing what is cut short and closing).
 */
export const attemptGraceMs = (shutdownTimeoutMs: number): number =>
  Math.max(shutdownTimeoutMs - 5_000, Math.round(shutdownTimeoutMs * 0.75));

/**
 * Why a job failed, in words safe to store: BullMQ keeps a failed job's message and stack in the
 * queue (Redis or the `bullmq` schema), and a database error's message carries the statement with
 * its values. The original error stays in `cause`, for the log line (whose serializer redacts it).
 */
export class DeliveryJobError extends Error {
  constructor(cause: unknown) {
    super(safeErrorMessage(cause), { cause });
    this.name = 'DeliveryJobError';
  }
}

/**
 * The BullMQ processor of `webhook-deliveries`: one job runs one attempt of one delivery. BullMQ's
 * worker is created and started by `BullModule` (options: `deliveryWorkerOptions`). The database
 * decides:
 *
 * 1. Claim: a lease on the delivery, only if it is still pending at this attempt and no live lease
 *    exists. A duplicate job, a job for a deleted subscription or a stale attempt claims nothing.
 * 2. Attempt the HTTP POST outside any transaction.
 * 3. Record the attempt and the outcome in one transaction: success; failure with the next attempt
 *    due after the schedule's wait (or the receiver's `Retry-After`); or, on `410 Gone` or the last
 *    attempt, the subscription paused with its reason and its other pending deliveries cancelled
 *    (`decideFailure`).
 * 4. Enqueue the next attempt. If that fails, the relay's sweep enqueues it when it falls due.
 *
 * A receiver's failure is recorded, never thrown. What is thrown (the database failing) fails the
 * job, which BullMQ retries with backoff; nothing here catches it.
 *
 * Claims and successes are batched (DataLoader): the jobs running at once (up to the worker's
 * concurrency) claim in one statement and record their successes in one statement, gathered over
 * 2 ms, instead of two commits per delivery — in the worker's CPU profile those commits were its
 * largest cost. Each row in a batch is decided exactly as it would be alone.
 */
@Processor(DELIVERY_QUEUE)
export class DeliveryProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly dispatcher: Agent;
  /** Aborted when the shutdown's grace for attempts in flight runs out: they are released, not recorded. */
  private readonly stopping = new AbortController();
  private readonly claims = new DataLoader<DeliveryJobData, ClaimedDelivery | null>(
    (jobs) =>
      isolated(jobs, (batch) =>
        this.hooks.claimDeliveries(batch, attemptLeaseMs(this.config.webhookTimeoutMs)),
      ),
    batchOptions,
  );
  private readonly successes = new DataLoader<Omit<AttemptRecord, 'error'>, true>(
    (records) =>
      isolated(records, async (batch) => {
        await this.hooks.recordSuccesses(batch);
        return batch.map(() => true as const);
      }),
    batchOptions,
  );

  constructor(
    private readonly em: EntityManager,
    private readonly hooks: HooksRepository,
    private readonly queue: DeliveryQueue,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {
    super();
    this.dispatcher = createSafeDispatcher({
      allowPrivate: config.allowPrivateTargets,
      timeoutMs: config.webhookTimeoutMs,
    });
  }

  async process(job: Job<DeliveryJobData>): Promise<void> {
    try {
      await this.deliver(job.data);
    } catch (error) {
      throw new DeliveryJobError(error);
    }
  }

  /** One attempt of one delivery (see the class). */
  async deliver(job: DeliveryJobData): Promise<void> {
    const claimed = await this.claims.load(job);
    if (!claimed) return;
    if (claimed.hook_status !== 'active') {
      await this.hooks.cancelClaimed(job.deliveryId);
      return;
    }
    // The attempt continues the trace of the request that wrote the event; the HTTP client's span
    // inside it sends the receiver `traceparent`.
    const outcome = await inSpan(
      'webhook attempt',
      claimed.event_traceparent,
      {
        'nhx.delivery.id': job.deliveryId,
        'nhx.delivery.attempt': job.attempt,
        'nhx.hook.id': claimed.hook_id,
        'nhx.event.id': claimed.event_id,
        'nhx.event.type': claimed.event_type,
      },
      async (span) => {
        const result = await attemptDelivery(
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
            signal: this.stopping.signal,
          },
        );
        if (result.statusCode !== null) span?.setAttribute('http.response.status_code', result.statusCode);
        if (!result.succeeded) span?.fail(result.error ?? 'failed');
        return result;
      },
    );
    this.metrics.attemptDuration.observe(outcome.latencyMs / 1000);
    let result: AttemptResult;
    let next: (DeliveryJobData & { delayMs: number }) | null = null;
    if (!outcome.succeeded && outcome.statusCode === null && this.stopping.signal.aborted) {
      // Cut short by the shutdown: not the receiver's failure, so not recorded as one.
      await this.hooks.releaseLease(job.deliveryId, job.attempt);
      result = 'released';
    } else {
      ({ result, next } = await this.record(job, claimed, outcome));
    }
    this.metrics.webhookDeliveries.inc({ outcome: result });
    this.logger.info(
      {
        deliveryId: job.deliveryId,
        hookId: claimed.hook_id,
        eventId: claimed.event_id,
        attempt: job.attempt,
        statusCode: outcome.statusCode,
        latencyMs: outcome.latencyMs,
        succeeded: outcome.succeeded,
        outcome: result,
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
  ): Promise<{ result: AttemptResult; next: (DeliveryJobData & { delayMs: number }) | null }> {
    const attempt = {
      deliveryId: job.deliveryId,
      attempt: job.attempt,
      startedAt: outcome.startedAt,
      statusCode: outcome.statusCode,
      latencyMs: outcome.latencyMs,
      responseSnippet: outcome.responseSnippet,
    };
    if (outcome.succeeded) {
      await this.successes.load(attempt);
      return { result: 'delivered', next: null };
    }
    return retryingDeadlocks(() =>
      this.recordFailure({ ...attempt, error: outcome.error }, claimed, outcome),
    );
  }

  /** A failed attempt, in one transaction: the attempt, then a retry scheduled or the subscription paused. */
  private recordFailure(
    attempt: AttemptRecord,
    claimed: ClaimedDelivery,
    outcome: AttemptOutcome,
  ): Promise<{ result: AttemptResult; next: (DeliveryJobData & { delayMs: number }) | null }> {
    return this.em.fork().transactional(async (em) => {
      // Not recorded: deleted meanwhile, or another worker recorded it.
      if (!(await this.hooks.insertFailedAttempt(em, attempt))) return { result: 'discarded', next: null };
      const decision = decideFailure(
        {
          attempt: attempt.attempt,
          scheduleStart: claimed.schedule_start,
          statusCode: outcome.statusCode,
          retryAfterSeconds: outcome.retryAfterSeconds,
          error: outcome.error,
        },
        attempt.deliveryId,
        this.config.webhookRetryScheduleMs,
      );
      const failed = {
        deliveryId: attempt.deliveryId,
        hookId: claimed.hook_id,
        attempt: attempt.attempt,
        statusCode: outcome.statusCode,
      };
      if (decision.action === 'pause') {
        await this.hooks.failAndPause(em, { ...failed, reason: decision.reason.slice(0, 500) });
        return { result: failureResult(decision), next: null };
      }
      await this.hooks.scheduleRetry(em, { ...failed, delayMs: decision.delayMs });
      return {
        result: failureResult(decision),
        next: { deliveryId: attempt.deliveryId, attempt: attempt.attempt + 1, delayMs: decision.delayMs },
      };
    });
  }

  onApplicationBootstrap(): void {
    this.logger.info(
      { backend: this.config.redisUrl ? 'redis' : 'postgres', concurrency: this.worker.concurrency },
      'webhook delivery processor started',
    );
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'delivery worker error');
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<DeliveryJobData> | undefined, error: Error): void {
    this.logger.warn(
      { err: error, jobId: job?.id },
      'delivery job failed (infrastructure); it will be retried',
    );
  }

  /**
   * Stops taking jobs and lets the attempts in flight finish before anything they use closes. Those
   * still waiting on a receiver when `attemptGraceMs` runs out are cut short and released (see
   * `deliver`), so the process stops within `NHX_SHUTDOWN_TIMEOUT_MS` and another worker makes them.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const grace = setTimeout(() => this.stopping.abort(), attemptGraceMs(this.config.shutdownTimeoutMs));
    try {
      await this.worker.close();
    } finally {
      clearTimeout(grace);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }
}
