import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../../core/metrics/metrics';
import { EventsRepository } from '../events/events.repository';
import { HooksRepository } from '../hooks/hooks.repository';

/** How long each gauge's query may run on the server. */
const QUERY_TIMEOUT_MS = 1_000;

/**
 * The gauges every process reads from PostgreSQL when it is scraped — outbox lag, deliveries due,
 * paused subscriptions — so any instance's `/metrics` tells the same truth whichever process ran
 * the work. One indexed query each, bounded by a statement timeout; a failed read leaves that
 * gauge at its last value rather than failing the scrape.
 */
@Injectable()
export class StateGauges implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly events: EventsRepository,
    private readonly hooks: HooksRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(async () =>
      this.metrics.outboxLag.set(await this.events.outboxLagSeconds(QUERY_TIMEOUT_MS)),
    );
    this.metrics.onScrape(async () =>
      this.metrics.deliveriesDue.set(await this.hooks.countDueDeliveries(QUERY_TIMEOUT_MS)),
    );
    this.metrics.onScrape(async () =>
      this.metrics.subscriptionsPaused.set(await this.hooks.countPausedSubscriptions(QUERY_TIMEOUT_MS)),
    );
  }
}
