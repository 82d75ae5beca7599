import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  MikroOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { REDIS } from '../redis/redis.module';

/** How long one dependency may take to answer a readiness probe. */
export const CHECK_TIMEOUT_MS = 1_500;

export type CheckState = 'up' | 'down';

/** What `/readyz` answers, on the API's port and on the worker's. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckState>;
}

/**
 * The process's readiness checks, run by `GET /readyz` wherever it is served (the API's controller,
 * the worker's listener). The core checks the database, and Redis when configured; the parts of a
 * process add what they depend on (the worker: its queue backend and its LISTEN connection), so the
 * all-in-one process reports both. Each check gets `CHECK_TIMEOUT_MS`.
 */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, HealthIndicatorFunction>();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    database: MikroOrmHealthIndicator,
    @Inject(REDIS) redis: Redis | null,
  ) {
    this.checks.set('database', () => database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS));
    if (redis) {
      this.add('redis', async () => {
        await redis.ping();
      });
    }
  }

  /** Adds a check: up when `probe` resolves within the timeout, down when it throws or takes longer. */
  add(name: string, probe: () => Promise<unknown>): void {
    this.checks.set(name, () =>
      this.indicators
        .check(name)
        .attempt(async () => {
          await probe();
        })
        .withTimeout(CHECK_TIMEOUT_MS),
    );
  }

  async report(): Promise<ReadinessReport> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([...this.checks.values()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const checks = Object.fromEntries(
      Object.entries(result.details).map(([name, detail]) => [
        name,
        detail.status === 'down' ? 'down' : 'up',
      ]),
    ) as Record<string, CheckState>;
    return { ready: result.status !== 'error', checks };
  }
}
