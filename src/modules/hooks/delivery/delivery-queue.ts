import { InjectQueue, type RegisterQueueOptions } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import {
  createPostgresBackend,
  createRedisBackend,
  type BackendFactory,
  type ConnectionOptions,
  type JobsOptions,
  type Queue,
  type WorkerOptions,
} from 'bullmq';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../../../core/config/config';
import { Readiness } from '../../../core/health/readiness';
import { APP_LOGGER } from '../../../core/logging/logger.token';
import { Metrics } from '../../../core/metrics/metrics';
import { attemptLeaseMs } from './lease';

/*
 * The queue contract (one place): the queue, its job and payload, and the options of its producer
 * and its worker. A job says only "attempt N of delivery X is due"; the worker reloads everything
 * else from PostgreSQL, so no secret or payload travels through the queue. Job ids are
 * deterministic per (event, subscription, attempt): the delivery id is unique per (event,
 * subscription), so re-enqueueing the same attempt is a no-op.
 */
export const DELIVERY_QUEUE = 'webhook-deliveries';
export const DELIVERY_JOB = 'deliver';
/** Hash-tagged, so all of the queue's keys share one slot on Redis Cluster. */
export const queuePrefix = (redisPrefix: string): string => `{${redisPrefix}}`;

export interface DeliveryJobData {
  deliveryId: string;
  attempt: number;
}

export const deliveryJobId = ({ deliveryId, attempt }: DeliveryJobData): string => `${deliveryId}-${attempt}`;

const JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true, // the database keeps the delivery due; the sweep enqueues it again
  // Infrastructure failures only (database down): a receiver's failure is recorded, not thrown.
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
};

/**
 * BullMQ on Redis when `REDIS_URL` is set; otherwise BullMQ's PostgreSQL backend in the schema
 * `bullmq` of the service's own database (the embedded default needs no Redis). Same queue, same
 * processor either way; only the connection differs.
 */
export function deliveryQueueOptions(config: ResolvedConfig): RegisterQueueOptions {
  return config.redisUrl
    ? {
        name: DELIVERY_QUEUE,
        prefix: queuePrefix(config.redisPrefix),
        // Fail fast while Redis is down: the database keeps the delivery due and the relay re-enqueues it.
        connection: { ...redisOptions(config.redisUrl), enableOfflineQueue: false },
        defaultJobOptions: JOB_OPTIONS,
      }
    : { name: DELIVERY_QUEUE, connection: postgresConnection(config), defaultJobOptions: JOB_OPTIONS };
}

/**
 * The delivery worker's options. Its own connection: a worker waits for Redis rather than failing
 * fast (BullMQ takes the queue's key prefix for it).
 */
export function deliveryWorkerOptions(config: ResolvedConfig): WorkerOptions {
  const leaseMs = attemptLeaseMs(config.webhookTimeoutMs);
  return {
    connection: config.redisUrl
      ? { ...redisOptions(config.redisUrl), maxRetriesPerRequest: null }
      : postgresConnection(config),
    concurrency: config.webhookConcurrency,
    // A job whose worker died is handed to another one after this long.
    lockDuration: leaseMs,
    stalledInterval: Math.min(30_000, leaseMs),
    maxStalledCount: 100,
    // After a failed fetch (Redis lost mid-command), BullMQ waits this long before fetching again;
    // its default, 15 s, held deliveries back for 15–60 s after a Redis outage in the fault tests.
    // The option is marked internal; one retry a second is gentle on a Redis that is still away.
    runRetryDelay: 1_000,
  };
}

/**
 * The backend BullMQ builds for a queue or worker, chosen by its connection: a PostgreSQL one (see
 * `postgresConnection`) gets the PostgreSQL backend, anything else Redis. `@nestjs/bullmq` constructs
 * queues and workers without a backend argument, so this is installed as BullMQ's process-wide
 * default; choosing per connection keeps processes (and test files) that use both correct.
 */
export const deliveryBackend: BackendFactory = (name, opts, factoryOptions) =>
  isPostgresConnection(opts.connection)
    ? createPostgresBackend(name, opts as never, factoryOptions)
    : createRedisBackend(name, opts, factoryOptions);

/** The job states `nhx_queue_depth` reports. */
export const QUEUE_DEPTH_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;

/**
 * Adds due attempts to the queue (registered through `BullModule`). Only the worker has this
 * provider: the API never touches the queue. It also gives the process's readiness its `queue`
 * check and `/metrics` the queue's depth, both through BullMQ's job counts, which ask the backend
 * in use (Redis, or the `bullmq` schema in PostgreSQL).
 */
@Injectable()
export class DeliveryQueue {
  constructor(
    @InjectQueue(DELIVERY_QUEUE) private readonly queue: Queue<DeliveryJobData>,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    readiness: Readiness,
    metrics: Metrics,
  ) {
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'delivery queue error'));
    readiness.add('queue', () => this.queue.getJobCounts('waiting'));
    metrics.onScrape(async () => {
      const counts = await this.queue.getJobCounts(...QUEUE_DEPTH_STATES);
      for (const state of QUEUE_DEPTH_STATES) {
        metrics.queueDepth.set({ queue: DELIVERY_QUEUE, state }, counts[state] ?? 0);
      }
    });
  }

  /** Adds due attempts; resolves false (logged) when the queue is unreachable. */
  async enqueue(jobs: (DeliveryJobData & { delayMs?: number })[]): Promise<boolean> {
    if (jobs.length === 0) return true;
    try {
      await this.queue.addBulk(
        jobs.map(({ delayMs, ...data }) => ({
          name: DELIVERY_JOB,
          data,
          opts: {
            jobId: deliveryJobId(data),
            delay: delayMs && delayMs > 0 ? Math.round(delayMs) : undefined,
          },
        })),
      );
      return true;
    } catch (error) {
      this.logger.warn(
        { err: error, jobs: jobs.length },
        'could not enqueue deliveries; they stay due in the database',
      );
      return false;
    }
  }
}

function redisOptions(redisUrl: string) {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

interface PostgresQueueConnection {
  connectionString: string;
  schema: string;
  migrate: boolean;
  max: number;
}

/**
 * BullMQ's PostgreSQL connection: the `bullmq` schema, migrated on first use, four connections per
 * queue or worker, on the direct URL. The backend needs sessions: its pool pins `search_path` with a
 * startup `options` parameter (which PgBouncer refuses), and its worker waits for jobs with LISTEN.
 */
function postgresConnection(config: ResolvedConfig): ConnectionOptions {
  const connection: PostgresQueueConnection = {
    connectionString: config.databaseDirectUrl,
    schema: 'bullmq',
    migrate: true,
    max: 4,
  };
  return connection;
}

function isPostgresConnection(connection: unknown): boolean {
  return typeof connection === 'object' && connection !== null && 'connectionString' in connection;
}
