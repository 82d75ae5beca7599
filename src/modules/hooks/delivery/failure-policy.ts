/** The longest a receiver's `Retry-After` may push an attempt back. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/** A failed attempt, as far as the policy needs it. */
export interface FailedAttempt {
  /** This attempt's number within the delivery (1, 2, …), counted across manual retries. */
  attempt: number;
  /** The attempt number before the current schedule began (0, or where a manual retry restarted it). */
  scheduleStart: number;
  /** The receiver's status code, or null when no answer came (timeout, network error, refused). */
  statusCode: number | null;
  /** `Retry-After` in seconds when the receiver sent one on a 429 or 503, else null. */
  retryAfterSeconds: number | null;
  /** What went wrong, in words, for the pause reason. */
  error: string | null;
}

export type FailureDecision =
  { action: 'retry'; delayMs: number } | { action: 'pause'; why: 'gone' | 'exhausted'; reason: string };

/** A wait with ±20 % jitter, so retries of many deliveries do not arrive together. */
export function withJitter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (0.8 + 0.4 * random()));
}

/**
 * What follows a failed attempt. Every failure is retried on the schedule (`scheduleMs` holds the
 * waits between attempts, so a schedule allows `scheduleMs.length + 1` attempts) until:
 * - the receiver answers `410 Gone`: the subscription pauses at once;
 * - the schedule's last attempt fails: the subscription pauses ("exhausted").
 * A receiver's `Retry-After` replaces the scheduled wait (no jitter), capped at 24 hours.
 */
export function decideFailure(
  failed: FailedAttempt,
  deliveryId: string,
  scheduleMs: readonly number[],
  random: () => number = Math.random,
): FailureDecision {
  const maxAttempts = scheduleMs.length + 1;
  if (failed.statusCode === 410) {
    return {
      action: 'pause',
      why: 'gone',
      reason: `The endpoint answered 410 Gone to delivery ${deliveryId}.`,
    };
  }
  const inSchedule = failed.attempt - failed.scheduleStart;
  if (inSchedule >= maxAttempts) {
    return {
      action: 'pause',
      why: 'exhausted',
      reason: `Delivery ${deliveryId} failed ${maxAttempts} attempts; the last: ${failed.error ?? 'no response'}.`,
    };
  }
  const delayMs =
    failed.retryAfterSeconds !== null
      ? Math.min(failed.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS)
      : withJitter(scheduleMs[inSchedule - 1], random);
  return { action: 'retry', delayMs };
}

/**
 * What an attempt came to, as `nhx_webhook_deliveries_total` counts it: `delivered` (2xx); after a
 * failure, the policy's decision (`retry_scheduled`, or the subscription paused: `gone` on 410,
 * `exhausted` after the last attempt); `discarded` when the delivery was deleted while attempted;
 * `released` when the process stopped mid-attempt and handed the delivery back unrecorded.
 */
export type AttemptResult = 'delivered' | 'retry_scheduled' | 'gone' | 'exhausted' | 'discarded' | 'released';

export function failureResult(decision: FailureDecision): AttemptResult {
  return decision.action === 'retry' ? 'retry_scheduled' : decision.why;
}
