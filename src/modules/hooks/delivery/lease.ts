/**
 * How long a worker holds a delivery while attempting it: the attempt's timeout twice over, plus a
 * second. A worker that dies mid-attempt releases it when this runs out (BullMQ's job lock too).
 */
export const attemptLeaseMs = (timeoutMs: number): number => 2 * timeoutMs + 1_000;
