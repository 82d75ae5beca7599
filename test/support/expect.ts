import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { ApiResponse } from './http';

/**
 * An error answer in the documented envelope: JSON, this status and code, a message, the request
 * id the `X-Request-Id` header carries, no stack trace, and — when `fields` is given — `details`
 * naming exactly those fields (each may have several entries).
 */
export function expectError(
  res: Pick<ApiResponse, 'status' | 'body' | 'text' | 'headers'>,
  status: number,
  code: string,
  fields?: string | string[],
): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toEqual({
    error: {
      code,
      message: expect.any(String),
      requestId: res.headers.get('x-request-id'),
      details: expect.any(Array),
    },
  });
  // never a stack trace, a source path or a dependency's name
  expect(JSON.stringify(res.body)).not.toMatch(/\bat \w+ \(|node_modules|\.ts:\d+/);
  if (fields !== undefined) {
    const expected = [...new Set(typeof fields === 'string' ? [fields] : fields)].sort();
    const actual = [...new Set(res.body.error.details.map((d: { field: string }) => d.field))].sort();
    expect(actual).toEqual(expected);
  }
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * Asserts that a receiver gets nothing more for `ms`: its count stays where it is now. Fails as
 * soon as something arrives, rather than at the end.
 */
export async function staysQuiet(receiver: { received: unknown[] }, ms: number): Promise<void> {
  const count = receiver.received.length;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    expect(receiver.received.length, `the receiver got a request within ${ms} ms`).toBe(count);
    await sleep(20);
  }
  expect(receiver.received).toHaveLength(count);
}

/** A 429 in the envelope with a whole-seconds `Retry-After`; returns it. */
export function expectRateLimited(res: Pick<ApiResponse, 'status' | 'body' | 'text' | 'headers'>): number {
  expectError(res, 429, 'rate_limited');
  expect(res.body.error.details).toEqual([]);
  const retryAfter = res.headers.get('retry-after');
  expect(retryAfter).toMatch(/^\d+$/);
  return Number(retryAfter);
}
