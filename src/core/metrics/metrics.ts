import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics, one registry per application (never prom-client's global one,
 * so several apps in one process — the tests — do not collide). Provided by the core module to every
 * process; `GET /metrics` on the API serves it.
 *
 * The webhook side fills `outboxLag`, `webhookDeliveries` and `queueDepth`: gauges describing shared
 * state (outbox lag, queue depth) are best set at scrape time by the API from PostgreSQL/Redis with
 * `onScrape`, so every instance reports the same truth; `webhookDeliveries` is counted where a
 * delivery finishes (the worker, or the all-in-one process).
 */
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
    help: 'Age of the oldest outbox event not yet relayed to the delivery queue',
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'nhx_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (success, retry, failed, dropped)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'nhx_queue_depth',
    help: 'Jobs in a queue by state',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  private readonly scrapeHooks: (() => Promise<void>)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'nhx_' });
  }

  /** Runs `hook` before every scrape (e.g. to read the outbox lag); a failing hook does not fail it. */
  onScrape(hook: () => Promise<void>): void {
    this.scrapeHooks.push(hook);
  }

  async scrape(): Promise<{ contentType: string; body: string }> {
    await Promise.allSettled(this.scrapeHooks.map((hook) => hook()));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
