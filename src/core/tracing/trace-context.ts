/**
 * The service's only view of tracing. It loads nothing from OpenTelemetry: `tracing.ts` installs
 * the real implementation when tracing is on, and until then every function here is a null check,
 * so the hot path pays nothing for tracing it does not do.
 */

/** What a span offers the code running in it. */
export interface TraceSpan {
  setAttribute(key: string, value: string | number | boolean): void;
  /** Marks the span failed, with a message safe to export (no secrets). */
  fail(message: string): void;
}

export type SpanAttributes = Record<string, string | number | boolean>;

export interface Tracing {
  /** The W3C `traceparent` of the active span, or null when there is none. */
  currentTraceparent(): string | null;
  /** Runs `fn` in a new span, a child of `traceparent` when it is a valid one, else a root. */
  inSpan<T>(
    name: string,
    traceparent: string | null,
    attributes: SpanAttributes,
    fn: (span: TraceSpan) => Promise<T>,
  ): Promise<T>;
  /** Records a finished span from `startTime` (epoch ms) to now, a child of `traceparent`. */
  recordSpan(name: string, traceparent: string, startTime: number, attributes: SpanAttributes): void;
  /** Names the active HTTP server span after its route (`POST /api/v1/hooks/:hookId`). */
  setHttpRoute(route: string): void;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

let active: Tracing | null = null;

/** Called once, by `startTracing`. */
export function installTracing(tracing: Tracing): void {
  active = tracing;
}

export function tracingActive(): boolean {
  return active !== null;
}

/** The `traceparent` to store with work done later (an event), or null when tracing is off. */
export function currentTraceparent(): string | null {
  return active === null ? null : active.currentTraceparent();
}

/** Runs `fn` in a span continuing `traceparent`; with tracing off, just runs it (`span` is null). */
export function inSpan<T>(
  name: string,
  traceparent: string | null,
  attributes: SpanAttributes,
  fn: (span: TraceSpan | null) => Promise<T>,
): Promise<T> {
  return active === null ? fn(null) : active.inSpan(name, traceparent, attributes, fn);
}

/** Records a finished span in the trace of `traceparent`; nothing without tracing or a parent. */
export function recordSpan(
  name: string,
  traceparent: string | null,
  startTime: number,
  attributes: SpanAttributes,
): void {
  if (active !== null && traceparent !== null) active.recordSpan(name, traceparent, startTime, attributes);
}

/** Gives the current request's span its route template, when tracing is on. */
export function setHttpRoute(route: string): void {
  active?.setHttpRoute(route);
}

/** Flushes and stops tracing, if it runs (a process's last step). */
export async function shutdownTracing(): Promise<void> {
  const tracing = active;
  active = null;
  await tracing?.shutdown();
}
