import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { IDEMPOTENCY_WINDOW_HOURS } from '../../../common/idempotency/idempotency.interceptor';
import { IdempotencyRepository } from '../../../common/idempotency/idempotency.repository';
import { APP_LOGGER } from '../../../core/logging/logger.token';
import { EventsRepository } from '../../events/events.repository';
import { EVENT_RETENTION_DAYS } from '../../events/events.service';

/** How often expired rows are purged. */
const PURGE_MS = 10 * 60_000;
/** Rows deleted per table and run: a run stays short, and a backlog goes over a few runs. */
const PURGE_LIMIT = 10_000;

/**
 * The worker's retention job: every 10 minutes (and once at start), idempotency keys older than
 * 24 hours and relayed events (with their deliveries) older than 30 days are deleted, in bounded
 * batches. Every worker runs it; the deletes are idempotent.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly idempotencyKeys: IdempotencyRepository,
    private readonly events: EventsRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const run = () => {
      this.running ??= this.purge().finally(() => (this.running = null));
    };
    run();
    this.timer = setInterval(run, PURGE_MS);
  }

  /** Deletes what is past its retention; a failure is logged and the next run tries again. */
  async purge(): Promise<void> {
    try {
      await this.idempotencyKeys.purgeExpired(IDEMPOTENCY_WINDOW_HOURS, PURGE_LIMIT);
      await this.events.purgeExpired(EVENT_RETENTION_DAYS, PURGE_LIMIT);
    } catch (error) {
      this.logger.warn({ err: error }, 'retention purge failed; retrying at the next run');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
