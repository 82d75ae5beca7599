import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { createPostgresBackend, Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../../../core/config/config';
import { APP_CONFIG } from '../../../core/config/config.token';
import { APP_LOGGER } from '../../../core/logging/logger.token';
import { attemptLeaseMs } from './lease';

/*
 * The queue contract (one place): the queue, its job and payload. A job says only "attempt N of
 * delivery X is due"; the worker reloads everything else from PostgreSQL, so no secret or payload
 * travels through the queue. Job ids are deterministic per (event, subscription, attempt): the
 * delivery id is unique per (event, subscription), so re-enqueueing the same attempt is a no-op.
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

export type DeliveryHandler = (job: DeliveryJobData) => Promise<void>;

/**
 * BullMQ on Redis when `REDIS_URL` is set; otherwise BullMQ's PostgreSQL backend in the schema
 * `bullmq` of the service's own database (the embedded default needs no Redis). Same queue, same
 * processor code either way. Only the worker creates this provider: the API never touches the queue.
 */
@Injectable()
export class DeliveryQueue implements BeforeApplicationShutdown {
  private readonly queue: Queue<DeliveryJobData>;
  private worker: Worker<DeliveryJobData> | null = null;
  readonly backend: 'redis' | 'postgres';

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.backend = config.redisUrl ? 'redis' : 'postgres';
    this.queue = config.redisUrl
      ? new Queue(DELIVERY_QUEUE, {
          prefix: queuePrefix(config.redisPrefix),
          // Fail fast while Redis is down: the database keeps the delivery due and the relay re-enqueues it.
          connection: { ...redisOptions(config.redisUrl), enableOfflineQueue: false },
        })
      : // The same Queue API over another backend; only the connection type differs.
        (new Queue(
          DELIVERY_QUEUE,
          { connection: postgresConnection(config) },
          createPostgresBackend,
        ) as unknown as Queue<DeliveryJobData>);
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'delivery queue error'));
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
            removeOnComplete: true,
            removeOnFail: true, // the database keeps the delivery due; the sweep enqueues it again
            // Infrastructure failures only (database down): a receiver's failure is recorded, not thrown.
            attempts: 5,
            backoff: { type: 'exponential', delay: 1000 },
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

  /** Starts consuming (worker processes only). */
  process(handler: DeliveryHandler): void {
    const options = {
      concurrency: this.config.webhookConcurrency,
      // A job whose worker died is handed to another one after this long.
      lockDuration: attemptLeaseMs(this.config.webhookTimeoutMs),
      stalledInterval: Math.min(30_000, attemptLeaseMs(this.config.webhookTimeoutMs)),
      maxStalledCount: 100,
      // After a failed fetch (Redis lost mid-command), BullMQ waits this long before fetching again;
      // its default, 15 s, held deliveries back for 15–60 s after a Redis outage in the fault tests.
      // The option is marked internal; one retry a second is gentle on a Redis that is still away.
      runRetryDelay: 1_000,
    };
    const processor = async (job: Job<DeliveryJobData>) => handler(job.data);
    const worker = this.config.redisUrl
      ? new Worker(DELIVERY_QUEUE, processor, {
          ...options,
          prefix: queuePrefix(this.config.redisPrefix),
          connection: { ...redisOptions(this.config.redisUrl), maxRetriesPerRequest: null },
        })
      : (new Worker(
          DELIVERY_QUEUE,
          processor,
          { ...options, connection: postgresConnection(this.config) },
          createPostgresBackend,
        ) as unknown as Worker<DeliveryJobData>);
    this.worker = worker;
    worker.on('error', (error) => this.logger.warn({ err: error }, 'delivery worker error'));
    worker.on('failed', (job, error) =>
      this.logger.warn(
        { err: error, jobId: job?.id },
        'delivery job failed (infrastructure); it will be retried',
      ),
    );
  }

  /** Jobs waiting, delayed or running (the queue-depth figure for ops). */
  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Finish the attempts in flight (bounded by the attempt timeout), then release the connections.
    await this.worker?.close();
    await this.queue.close();
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

function postgresConnection(config: ResolvedConfig) {
  return { connectionString: config.databaseUrl, schema: 'bullmq', migrate: true, max: 4 };
}
