import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics, one registry per application (never prom-client's global one,
 * so several apps in one process — the tests — do not collide). Provided by the core module to every
 * process; `GET /metrics` serves it on the API's port, and on the worker's probe port.
 *
 * Gauges describing shared state (outbox lag, deliveries due, paused subscriptions, queue depth) are
 * set at scrape time (`onScrape`) from PostgreSQL and the queue, so every process reports the same
 * truth; `webhookDeliveries` and `attemptDuration` are counted by the process that ran the attempt.
 */
/** The longest a scrape waits for the figures read at scrape time (databases, queues). */
export const SCRAPE_HOOKS_TIMEOUT_MS = 2_000;

@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'nhx_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly rateLimitRejections = new Counter({
    name: 'nhx_rate_limit_rejections_total',
    help: 'Requests answered 429, by rate-limit policy',
    labelNames: ['policy'] as const,
    registers: [this.registry],
  });

  readonly rateLimitErrors = new Counter({
    name: 'nhx_rate_limit_errors_total',
    help: 'Rate-limit checks that failed (storage unreachable); those requests were let through',
    registers: [this.registry],
  });

  readonly outboxLag = new Gauge({
    name: 'nhx_outbox_lag_seconds',
    help: 'Age of the oldest event not yet relayed to the delivery queue (0 when none waits); read from PostgreSQL at scrape time',
    registers: [this.registry],
  });

  readonly deliveriesDue = new Gauge({
    name: 'nhx_deliveries_due',
    help: 'Webhook deliveries pending, due and not being attempted (the signal to scale workers on); read from PostgreSQL at scrape time',
    registers: [this.registry],
  });

  readonly subscriptionsPaused = new Gauge({
    name: 'nhx_subscriptions_paused',
    help: 'Webhook subscriptions paused (410 Gone, or a delivery that failed every attempt); read from PostgreSQL at scrape time',
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'nhx_webhook_deliveries_total',
    help: 'Webhook delivery attempts this process made, by outcome: delivered, retry_scheduled, exhausted (subscription paused), gone (410, subscription paused), discarded (the delivery was deleted meanwhile)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly attemptDuration = new Histogram({
    name: 'nhx_webhook_attempt_duration_seconds',
    help: 'Duration of the webhook delivery attempts this process made, from the request to the answer (or the failure)',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'nhx_queue_depth',
    help: "Jobs in a queue by state, from BullMQ's job counts at scrape time (processes that run the worker)",
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  private readonly scrapeHooks: (() => Promise<void>)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'nhx_' });
  }

  /**
   * Runs `hook` before every scrape (e.g. to read the outbox lag); a failing hook does not fail it,
   * and the scrape waits for the hooks at most `SCRAPE_HOOKS_TIMEOUT_MS` (a gauge whose read is late
   * keeps its last value).
   */
  onScrape(hook: () => Promise<void>): void {
    this.scrapeHooks.push(hook);
  }

  async scrape(): Promise<{ contentType: string; body: string }> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(this.scrapeHooks.map((hook) => hook())),
      new Promise((resolve) => (timer = setTimeout(resolve, SCRAPE_HOOKS_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
