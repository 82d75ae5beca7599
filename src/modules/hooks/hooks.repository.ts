import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { readWithin } from '../../core/database/bounded-read';
import type { EventType } from '../events/event-types';
import { DELIVERIES_CHANNEL } from './delivery/channels';
import type { HookSecrets } from './delivery/hook-secrets';
import type { DeliveryStatus } from './delivery.entity';
import type { AttemptDto, DeliveryDto, HookDto } from './dto/hook.dto';
import type { HookStatus } from './hook-subscription.entity';

/*
 * The hooks module's tables: `hook_subscriptions`, `deliveries` and `delivery_attempts`. The API
 * reads and changes subscriptions and their delivery log; the worker's relay creates deliveries and
 * its sweep finds due ones; its processor claims, attempts and records them. Raw SQL throughout:
 * the worker's statements are batched (`json_to_recordset`), and `em.execute` hands timestamps over
 * as PostgreSQL's text, which is turned into `Date`s here.
 */

/** Where a page starts: after this `(created_at, id)` in the list's order (a decoded cursor). */
type After = { createdAt: Date; id: string } | null;

/** A `timestamptz` as `em.execute` hands it over: PostgreSQL's text. */
export type Timestamp = Date | string;
const toDate = (value: Timestamp): Date => new Date(value);
const toDateOrNull = (value: Timestamp | null): Date | null => (value === null ? null : new Date(value));
const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

/** A subscription as stored (secrets sealed), with its latest delivery when read for the API. */
export interface Hook extends HookSecrets {
  id: string;
  workspaceId: string;
  event: EventType;
  targetUrl: string;
  description: string | null;
  status: HookStatus;
  pausedAt: Date | null;
  pauseReason: string | null;
  consecutiveFailures: number;
  createdAt: Date;
  lastDelivery: { id: string; status: DeliveryStatus; lastStatusCode: number | null; createdAt: Date } | null;
}

interface HookRow extends HookSecrets {
  id: string;
  workspace_id: string;
  event: EventType;
  target_url: string;
  description: string | null;
  status: HookStatus;
  paused_at: Timestamp | null;
  pause_reason: string | null;
  consecutive_failures: number;
  created_at: Timestamp;
  last_delivery_id: string | null;
  last_delivery_status: DeliveryStatus | null;
  last_delivery_status_code: number | null;
  last_delivery_created_at: Timestamp | null;
}

const HOOK_SELECT = `SELECT h.*, d.id AS last_delivery_id, d.status AS last_delivery_status,
       d.last_status_code AS last_delivery_status_code, d.created_at AS last_delivery_created_at
  FROM hook_subscriptions h
  LEFT JOIN LATERAL (SELECT id, status, last_status_code, created_at FROM deliveries
                      WHERE hook_id = h.id ORDER BY created_at DESC, id DESC LIMIT 1) d ON true`;

function toHook(row: HookRow): Hook {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    event: row.event,
    targetUrl: row.target_url,
    description: row.description,
    status: row.status,
    pausedAt: toDateOrNull(row.paused_at),
    pauseReason: row.pause_reason,
    consecutiveFailures: row.consecutive_failures,
    createdAt: toDate(row.created_at),
    sealed_secret: row.sealed_secret,
    sealed_previous_secret: row.sealed_previous_secret,
    previous_secret_expires_at: toDateOrNull(row.previous_secret_expires_at),
    lastDelivery:
      row.last_delivery_id === null
        ? null
        : {
            id: row.last_delivery_id,
            status: row.last_delivery_status!,
            lastStatusCode: row.last_delivery_status_code,
            createdAt: toDate(row.last_delivery_created_at!),
          },
  };
}

export function toHookDto(hook: Hook): HookDto {
  return {
    hookId: hook.id,
    event: hook.event,
    targetUrl: hook.targetUrl,
    description: hook.description,
    status: hook.status,
    pausedAt: iso(hook.pausedAt),
    pauseReason: hook.pauseReason,
    consecutiveFailures: hook.consecutiveFailures,
    createdAt: hook.createdAt.toISOString(),
    lastDelivery: hook.lastDelivery && {
      deliveryId: hook.lastDelivery.id,
      status: hook.lastDelivery.status,
      lastStatusCode: hook.lastDelivery.lastStatusCode,
      createdAt: hook.lastDelivery.createdAt.toISOString(),
    },
  };
}

/** A delivery as the API's delivery log shows it, with its attempts. */
export interface DeliveryLogEntry {
  id: string;
  createdAt: Date;
  dto: DeliveryDto;
}

interface DeliveryLogRow {
  id: string;
  event_id: string;
  event_type: EventType;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: Timestamp;
  last_status_code: number | null;
  created_at: Timestamp;
  completed_at: Timestamp | null;
  attempts: (Omit<AttemptDto, 'startedAt'> & { startedAt: string })[] | null;
}

function toDeliveryLogEntry(row: DeliveryLogRow): DeliveryLogEntry {
  const createdAt = toDate(row.created_at);
  return {
    id: row.id,
    createdAt,
    dto: {
      deliveryId: row.id,
      eventId: row.event_id,
      eventType: row.event_type,
      status: row.status,
      attemptCount: row.attempt_count,
      nextAttemptAt: row.status === 'pending' ? iso(toDate(row.next_attempt_at)) : null,
      lastStatusCode: row.last_status_code,
      createdAt: createdAt.toISOString(),
      completedAt: iso(toDateOrNull(row.completed_at)),
      attempts: (row.attempts ?? []).map((a) => ({ ...a, startedAt: toDate(a.startedAt).toISOString() })),
    },
  };
}

const REOPEN = `UPDATE deliveries
   SET status = 'pending', next_attempt_at = now(), schedule_start = attempt_count, completed_at = NULL`;

/** A delivery to create: one per (event, subscription); the database refuses a second. */
export interface NewDelivery {
  id: string;
  workspaceId: string;
  hookId: string;
  eventId: string;
}

/** An event to match against subscriptions. */
export interface RelayedEvent {
  id: string;
  workspaceId: string;
  type: EventType;
  createdAt: Date;
}

/** A delivery leased for one attempt, with what the attempt needs: the subscription and the event. */
export interface ClaimedDelivery extends HookSecrets {
  id: string;
  workspace_id: string;
  hook_id: string;
  hook_status: HookStatus;
  target_url: string;
  event_id: string;
  event_type: EventType;
  event_created_at: Timestamp;
  /** The event's `data` exactly as stored. */
  event_data: string;
  /** The trace of the request that wrote the event, which the attempt continues. */
  event_traceparent: string | null;
  schedule_start: number;
}

/** An attempt as recorded in `delivery_attempts`. */
export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  responseSnippet: string | null;
  error: string | null;
}

/** A delivery whose attempt failed, as its record needs it. */
export interface FailedDelivery {
  deliveryId: string;
  hookId: string;
  attempt: number;
  statusCode: number | null;
}

/** Subscriptions and their deliveries: the statements of the API, the relay, the sweep and the processor. */
@Injectable()
export class HooksRepository {
  constructor(private readonly em: EntityManager) {}

  // Subscriptions (API)

  /** Inserts an active subscription; returns its `created_at`. */
  async insertHook(hook: {
    id: string;
    workspaceId: string;
    event: EventType;
    targetUrl: string;
    description: string | null;
    sealedSecret: string;
  }): Promise<Date> {
    const [row] = await this.em.execute<{ created_at: Timestamp }[]>(
      `INSERT INTO hook_subscriptions (id, workspace_id, event, target_url, description, sealed_secret, created_at)
       VALUES (?, ?, ?, ?, ?, ?, clock_timestamp()) RETURNING created_at`,
      [hook.id, hook.workspaceId, hook.event, hook.targetUrl, hook.description, hook.sealedSecret],
    );
    return toDate(row.created_at);
  }

  /** Up to `limit` of a workspace's subscriptions after `after`, oldest first. */
  async listHooks(workspaceId: string, after: After, limit: number): Promise<Hook[]> {
    const rows = await this.em.execute<HookRow[]>(
      `${HOOK_SELECT} WHERE h.workspace_id = ?${after ? ' AND (h.created_at, h.id) > (?, ?)' : ''}
        ORDER BY h.created_at, h.id LIMIT ?`,
      [workspaceId, ...(after ? [after.createdAt, after.id] : []), limit],
    );
    return rows.map(toHook);
  }

  /** A workspace's subscription with its latest delivery, or null. */
  async findHook(workspaceId: string, hookId: string): Promise<Hook | null> {
    const [row] = await this.em.execute<HookRow[]>(`${HOOK_SELECT} WHERE h.id = ? AND h.workspace_id = ?`, [
      hookId,
      workspaceId,
    ]);
    return row ? toHook(row) : null;
  }

  /** A workspace's subscription locked `FOR UPDATE` in `em`'s transaction (without its latest delivery), or null. */
  async lockHook(em: EntityManager, workspaceId: string, hookId: string): Promise<Hook | null> {
    const [row] = await em.execute<HookRow[]>(
      `SELECT h.*, NULL AS last_delivery_id FROM hook_subscriptions h WHERE h.id = ? AND h.workspace_id = ? FOR UPDATE`,
      [hookId, workspaceId],
    );
    return row ? toHook(row) : null;
  }

  /** Deletes a workspace's subscription with its deliveries; false when there was none. */
  async deleteHook(workspaceId: string, hookId: string): Promise<boolean> {
    const deleted = await this.em.execute<{ id: string }[]>(
      `DELETE FROM hook_subscriptions WHERE id = ? AND workspace_id = ? RETURNING id`,
      [hookId, workspaceId],
    );
    return deleted.length > 0;
  }

  /** Re-activates a subscription, its failure count back to zero. */
  async activate(em: EntityManager, hookId: string): Promise<void> {
    await em.execute(
      `UPDATE hook_subscriptions SET status = 'active', paused_at = NULL, pause_reason = NULL, consecutive_failures = 0
        WHERE id = ?`,
      [hookId],
    );
  }

  /** Swaps in a new sealed secret, the current one signing alongside for `keepHours`; returns when that ends. */
  async rotateSecret(
    em: EntityManager,
    hookId: string,
    sealedSecret: string,
    keepHours: number,
  ): Promise<Date> {
    const [row] = await em.execute<{ previous_secret_expires_at: Timestamp }[]>(
      `UPDATE hook_subscriptions SET sealed_previous_secret = sealed_secret, sealed_secret = ?,
              previous_secret_expires_at = now() + make_interval(hours => ?)
        WHERE id = ? RETURNING previous_secret_expires_at`,
      [sealedSecret, keepHours, hookId],
    );
    return toDate(row.previous_secret_expires_at);
  }

  // Deliveries (API)

  /** Up to `limit` of a subscription's deliveries before `after`, newest first, with their attempts. */
  async listDeliveries(
    hookId: string,
    options: { status?: DeliveryStatus; after: After; limit: number },
  ): Promise<DeliveryLogEntry[]> {
    const params: unknown[] = [hookId];
    let where = 'd.hook_id = ?';
    if (options.status) {
      where += ' AND d.status = ?';
      params.push(options.status);
    }
    if (options.after) {
      where += ' AND (d.created_at, d.id) < (?, ?)';
      params.push(options.after.createdAt, options.after.id);
    }
    const rows = await this.em.execute<DeliveryLogRow[]>(
      `SELECT d.id, d.event_id, e.type AS event_type, d.status, d.attempt_count, d.next_attempt_at, d.last_status_code,
              d.created_at, d.completed_at,
              (SELECT json_agg(json_build_object('attempt', a.attempt, 'startedAt', a.started_at, 'statusCode', a.status_code,
                        'latencyMs', a.latency_ms, 'responseSnippet', a.response_snippet, 'error', a.error,
                        'succeeded', a.succeeded) ORDER BY a.attempt)
                 FROM delivery_attempts a WHERE a.delivery_id = d.id) AS attempts
         FROM deliveries d JOIN events e ON e.id = d.event_id
        WHERE ${where} ORDER BY d.created_at DESC, d.id DESC LIMIT ?`,
      [...params, options.limit],
    );
    return rows.map(toDeliveryLogEntry);
  }

  /** A subscription's delivery locked `FOR UPDATE` in `em`'s transaction: its status, or null. */
  async lockDelivery(em: EntityManager, hookId: string, deliveryId: string): Promise<DeliveryStatus | null> {
    const [row] = await em.execute<{ status: DeliveryStatus }[]>(
      `SELECT status FROM deliveries WHERE id = ? AND hook_id = ? FOR UPDATE`,
      [deliveryId, hookId],
    );
    return row?.status ?? null;
  }

  /** Makes a finished delivery due now, with a fresh retry schedule. */
  async reopenDelivery(em: EntityManager, deliveryId: string): Promise<void> {
    await em.execute(`${REOPEN} WHERE id = ?`, [deliveryId]);
  }

  /** Makes a subscription's deliveries that failed or were cancelled since `since` due now, with fresh retry schedules. */
  async reopenFinishedSince(em: EntityManager, hookId: string, since: Date): Promise<void> {
    await em.execute(
      `${REOPEN} WHERE hook_id = ? AND status IN ('cancelled', 'failed') AND completed_at >= ?`,
      [hookId, since],
    );
  }

  /** Tells the worker (its relay's sweep) that deliveries became due, when `em`'s transaction commits. */
  async notifyDeliveriesDue(em: EntityManager): Promise<void> {
    await em.execute(`SELECT pg_notify(?, '')`, [DELIVERIES_CHANNEL]);
  }

  // Deliveries (worker)

  /**
   * The active subscriptions each event goes to: those of its workspace and type created no later
   * than the event, in the events' order.
   */
  async matchSubscriptions(
    em: EntityManager,
    events: RelayedEvent[],
  ): Promise<{ eventId: string; workspaceId: string; hookId: string }[]> {
    if (events.length === 0) return [];
    return em.execute(
      `SELECT e.id AS "eventId", e.workspace_id AS "workspaceId", h.id AS "hookId"
         FROM json_to_recordset(?::json) AS e(ord int, id text, workspace_id text, type text, created_at timestamptz)
         JOIN hook_subscriptions h
           ON h.workspace_id = e.workspace_id AND h.event = e.type AND h.status = 'active'
          AND h.created_at <= e.created_at
        ORDER BY e.ord`,
      [
        JSON.stringify(
          events.map((event, ord) => ({
            ord,
            id: event.id,
            workspace_id: event.workspaceId,
            type: event.type,
            created_at: event.createdAt.toISOString(),
          })),
        ),
      ],
    );
  }

  /** Inserts deliveries, skipping any that exists for the same (event, subscription); returns the ids inserted. */
  async insertDeliveries(em: EntityManager, deliveries: NewDelivery[]): Promise<string[]> {
    if (deliveries.length === 0) return [];
    const rows = await em.execute<{ id: string }[]>(
      `INSERT INTO deliveries (id, workspace_id, hook_id, event_id)
       SELECT id, workspace, hook, event
         FROM json_to_recordset(?::json) AS r(id text, workspace text, hook text, event text)
       ON CONFLICT (event_id, hook_id) DO NOTHING RETURNING id`,
      [
        JSON.stringify(
          deliveries.map((d) => ({ id: d.id, workspace: d.workspaceId, hook: d.hookId, event: d.eventId })),
        ),
      ],
    );
    return rows.map((row) => row.id);
  }

  /** Up to `limit` pending deliveries that are due and not leased, the longest due first. */
  async dueDeliveries(limit: number): Promise<{ id: string; attemptCount: number }[]> {
    return this.em.fork().execute(
      `SELECT id, attempt_count AS "attemptCount" FROM deliveries
        WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
        ORDER BY next_attempt_at LIMIT ?`,
      [limit],
    );
  }

  /**
   * How many deliveries are pending, due and not leased (what the sweep would enqueue), from
   * `deliveries_due_index`, under a statement timeout of `timeoutMs`.
   */
  async countDueDeliveries(timeoutMs: number): Promise<number> {
    const [row] = await readWithin<{ n: number }>(
      this.em,
      timeoutMs,
      `SELECT count(*)::int AS n FROM deliveries
        WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())`,
    );
    return row.n;
  }

  /** How many subscriptions are paused, under a statement timeout of `timeoutMs`. */
  async countPausedSubscriptions(timeoutMs: number): Promise<number> {
    const [row] = await readWithin<{ n: number }>(
      this.em,
      timeoutMs,
      `SELECT count(*)::int AS n FROM hook_subscriptions WHERE status = 'paused'`,
    );
    return row.n;
  }

  /**
   * Leases, for `leaseMs`, each delivery that is still pending at exactly the given attempt and not
   * leased, in one statement; returns them in the order asked (null: nothing to claim). A delivery
   * asked for twice (a duplicate job) is handed to its first request only.
   */
  async claimDeliveries(
    requests: readonly { deliveryId: string; attempt: number }[],
    leaseMs: number,
  ): Promise<(ClaimedDelivery | null)[]> {
    const rows = await this.em.getConnection().execute<ClaimedDelivery[]>(
      `UPDATE deliveries d SET lease_until = now() + (? * interval '1 millisecond')
         FROM json_to_recordset(?::json) AS j(id text, attempt_count int), hook_subscriptions h, events e
        WHERE d.id = j.id AND d.status = 'pending' AND d.attempt_count = j.attempt_count
          AND (d.lease_until IS NULL OR d.lease_until < now())
          AND h.id = d.hook_id AND e.id = d.event_id
      RETURNING d.id, d.workspace_id, d.hook_id, d.schedule_start, h.status AS hook_status, h.target_url,
                h.sealed_secret, h.sealed_previous_secret, h.previous_secret_expires_at,
                e.id AS event_id, e.type AS event_type, e.created_at AS event_created_at, e.data::text AS event_data,
                e.traceparent AS event_traceparent`,
      [
        leaseMs,
        JSON.stringify(
          requests.map((request) => ({ id: request.deliveryId, attempt_count: request.attempt - 1 })),
        ),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return requests.map((request) => {
      const row = byId.get(request.deliveryId) ?? null;
      byId.delete(request.deliveryId);
      return row;
    });
  }

  /**
   * Gives up the lease on a delivery still pending at `attempt` (an attempt abandoned at shutdown), so
   * any worker's sweep takes it at once, and wakes the sweeps. The attempt is not recorded: the next
   * worker makes it again.
   */
  async releaseLease(deliveryId: string, attempt: number): Promise<void> {
    await this.em.getConnection().execute(
      `WITH released AS (
         UPDATE deliveries SET lease_until = NULL
          WHERE id = ? AND status = 'pending' AND attempt_count = ? RETURNING 1)
       SELECT pg_notify(?, '') FROM released`,
      [deliveryId, attempt - 1, DELIVERIES_CHANNEL],
    );
  }

  /** Cancels a claimed delivery whose subscription is no longer active. */
  async cancelClaimed(deliveryId: string): Promise<void> {
    await this.em
      .getConnection()
      .execute(
        `UPDATE deliveries SET status = 'cancelled', lease_until = NULL, completed_at = now() WHERE id = ?`,
        [deliveryId],
      );
  }

  /**
   * Records successful attempts atomically, in one statement: the attempts, their deliveries
   * succeeded, and their subscriptions' failure counts reset. An attempt already recorded, or of a
   * delivery deleted meanwhile, is skipped.
   */
  async recordSuccesses(attempts: readonly Omit<AttemptRecord, 'error'>[]): Promise<void> {
    await this.em.getConnection().execute(
      `WITH j AS (SELECT * FROM json_to_recordset(?::json)
                    AS j(delivery_id text, attempt int, started_at timestamptz, status_code int,
                         latency_ms int, response_snippet text)),
            attempt AS (INSERT INTO delivery_attempts (delivery_id, attempt, started_at, status_code, latency_ms,
                                                      response_snippet, error, succeeded)
                        SELECT j.delivery_id, j.attempt, j.started_at, j.status_code, j.latency_ms,
                               j.response_snippet, NULL, true
                          FROM j JOIN deliveries d ON d.id = j.delivery_id
                        ON CONFLICT (delivery_id, attempt) DO NOTHING
                        RETURNING delivery_id, attempt, status_code),
            done AS (UPDATE deliveries d SET status = 'succeeded', attempt_count = a.attempt,
                            last_status_code = a.status_code, lease_until = NULL, completed_at = now()
                       FROM attempt a WHERE d.id = a.delivery_id RETURNING d.hook_id)
       UPDATE hook_subscriptions SET consecutive_failures = 0
        WHERE id IN (SELECT hook_id FROM done) AND consecutive_failures <> 0`,
      [
        JSON.stringify(
          attempts.map((attempt) => ({
            delivery_id: attempt.deliveryId,
            attempt: attempt.attempt,
            started_at: attempt.startedAt.toISOString(),
            status_code: attempt.statusCode,
            latency_ms: attempt.latencyMs,
            response_snippet: attempt.responseSnippet,
          })),
        ),
      ],
    );
  }

  /**
   * Records a failed attempt in `em`'s transaction; false when it was not recorded (its delivery was
   * deleted meanwhile, or another worker recorded it).
   */
  async insertFailedAttempt(em: EntityManager, attempt: AttemptRecord): Promise<boolean> {
    const inserted = await em.execute<{ delivery_id: string }[]>(
      `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, status_code, latency_ms,
                                      response_snippet, error, succeeded)
       SELECT ?, ?, ?, ?, ?, ?, ?, false WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = ?)
       ON CONFLICT (delivery_id, attempt) DO NOTHING RETURNING delivery_id`,
      [
        attempt.deliveryId,
        attempt.attempt,
        attempt.startedAt,
        attempt.statusCode,
        attempt.latencyMs,
        attempt.responseSnippet,
        attempt.error,
        attempt.deliveryId,
      ],
    );
    return inserted.length > 0;
  }

  /** After a failed attempt: the delivery due again in `delayMs`, the subscription's failure count up. */
  async scheduleRetry(em: EntityManager, failed: FailedDelivery & { delayMs: number }): Promise<void> {
    await em.execute(
      `UPDATE deliveries SET attempt_count = ?, last_status_code = ?, lease_until = NULL,
              next_attempt_at = now() + (? * interval '1 millisecond') WHERE id = ?`,
      [failed.attempt, failed.statusCode, failed.delayMs, failed.deliveryId],
    );
    await em.execute(
      `UPDATE hook_subscriptions SET consecutive_failures = consecutive_failures + 1 WHERE id = ?`,
      [failed.hookId],
    );
  }

  /**
   * After a failed attempt that ends the delivery: the delivery failed, the subscription paused with
   * `reason` (if still active), and its other pending deliveries cancelled.
   */
  async failAndPause(em: EntityManager, failed: FailedDelivery & { reason: string }): Promise<void> {
    await em.execute(
      `UPDATE deliveries SET status = 'failed', attempt_count = ?, last_status_code = ?, lease_until = NULL,
              completed_at = now() WHERE id = ?`,
      [failed.attempt, failed.statusCode, failed.deliveryId],
    );
    await em.execute(
      `UPDATE hook_subscriptions SET status = 'paused', paused_at = now(), pause_reason = ?,
              consecutive_failures = consecutive_failures + 1 WHERE id = ? AND status = 'active'`,
      [failed.reason, failed.hookId],
    );
    await em.execute(
      `UPDATE deliveries SET status = 'cancelled', completed_at = now() WHERE hook_id = ? AND status = 'pending' AND id <> ?`,
      [failed.hookId, failed.deliveryId],
    );
  }
}
