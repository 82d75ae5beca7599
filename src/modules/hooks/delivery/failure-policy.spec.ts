import { describe, expect, it } from 'vitest';
import {
  decideFailure,
  failureResult,
  MAX_RETRY_AFTER_MS,
  withJitter,
  type FailedAttempt,
} from './failure-policy';

const SCHEDULE = [5_000, 300_000, 1_800_000];
const middle = () => 0.5;
const failure = (overrides: Partial<FailedAttempt>): FailedAttempt => ({
  attempt: 1,
  scheduleStart: 0,
  statusCode: 500,
  retryAfterSeconds: null,
  error: 'HTTP 500',
  ...overrides,
});

describe('decideFailure', () => {
  it('retries each failed attempt after the schedule’s wait for it', () => {
    expect(decideFailure(failure({ attempt: 1 }), 'dlv_1', SCHEDULE, middle)).toEqual({
      action: 'retry',
      delayMs: 5_000,
    });
    expect(decideFailure(failure({ attempt: 3 }), 'dlv_1', SCHEDULE, middle)).toEqual({
      action: 'retry',
      delayMs: 1_800_000,
    });
  });

  it('retries failures without an answer (timeouts, refused connections) like any other', () => {
    const decision = decideFailure(
      failure({ statusCode: null, error: 'timeout' }),
      'dlv_1',
      SCHEDULE,
      middle,
    );
    expect(decision).toEqual({ action: 'retry', delayMs: 5_000 });
  });

  it('pauses when the last attempt of the schedule fails, naming the delivery and the last error', () => {
    const decision = decideFailure(failure({ attempt: 4, error: 'HTTP 502' }), 'dlv_9', SCHEDULE, middle);
    expect(decision).toEqual({
      action: 'pause',
      why: 'exhausted',
      reason: 'Delivery dlv_9 failed 4 attempts; the last: HTTP 502.',
    });
  });

  it('counts attempts from where a manual retry restarted the schedule', () => {
    expect(decideFailure(failure({ attempt: 5, scheduleStart: 4 }), 'dlv_1', SCHEDULE, middle)).toEqual({
      action: 'retry',
      delayMs: 5_000,
    });
    expect(decideFailure(failure({ attempt: 8, scheduleStart: 4 }), 'dlv_1', SCHEDULE, middle)).toMatchObject(
      {
        action: 'pause',
        why: 'exhausted',
      },
    );
  });

  it('pauses at once on 410 Gone, even on the first attempt', () => {
    expect(decideFailure(failure({ statusCode: 410 }), 'dlv_2', SCHEDULE, middle)).toEqual({
      action: 'pause',
      why: 'gone',
      reason: 'The endpoint answered 410 Gone to delivery dlv_2.',
    });
  });

  it('waits what Retry-After asks instead of the schedule, without jitter, at most 24 hours', () => {
    const asked = failure({ statusCode: 429, retryAfterSeconds: 2 });
    expect(decideFailure(asked, 'dlv_1', SCHEDULE, () => 0)).toEqual({ action: 'retry', delayMs: 2_000 });
    const tooLong = failure({ statusCode: 503, retryAfterSeconds: 10 * 24 * 3600 });
    expect(decideFailure(tooLong, 'dlv_1', SCHEDULE)).toEqual({
      action: 'retry',
      delayMs: MAX_RETRY_AFTER_MS,
    });
  });

  it('does not let Retry-After postpone the end of the schedule', () => {
    const last = failure({ attempt: 4, statusCode: 429, retryAfterSeconds: 1 });
    expect(decideFailure(last, 'dlv_1', SCHEDULE)).toMatchObject({ action: 'pause', why: 'exhausted' });
  });
});

describe('withJitter', () => {
  it('spreads a wait over ±20 %', () => {
    expect(withJitter(1_000, () => 0)).toBe(800);
    expect(withJitter(1_000, () => 0.999_999)).toBe(1_200);
    expect(withJitter(1_000, () => 0.5)).toBe(1_000);
  });
});

describe('failureResult', () => {
  it('names the decision as the deliveries counter labels it', () => {
    const decide = (overrides: Partial<FailedAttempt>) =>
      failureResult(decideFailure(failure(overrides), 'dlv_1', SCHEDULE, middle));
    expect(decide({ attempt: 1 })).toBe('retry_scheduled');
    expect(decide({ attempt: 1, statusCode: 410 })).toBe('gone');
    expect(decide({ attempt: SCHEDULE.length + 1 })).toBe('exhausted');
    expect(decide({ attempt: SCHEDULE.length + 1, statusCode: 410 })).toBe('gone');
  });
});
