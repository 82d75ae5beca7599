import { EntityManager } from '@mikro-orm/postgresql';
import { HttpStatus, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Agent } from 'undici';
import { ApiError } from '../../common/http/errors';
import { isId, newId } from '../../common/ids/ids';
import { decodeCursor, encodeCursor } from '../../common/http/pagination';
import { checkTargetUrl, createSafeDispatcher, UnsafeTargetError } from '../../common/net/ssrf';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { SecretBox } from '../../core/crypto/secret-box';
import { EVENT_RETENTION_DAYS } from '../events/events.service';
import type { EventType } from '../events/event-types';
import { sampleEnvelope } from '../triggers/samples';
import { attemptDelivery } from './delivery/deliverer';
import { DELIVERIES_CHANNEL } from './delivery/channels';
import { currentSecrets, hookSecretContext, type HookSecrets } from './delivery/hook-secrets';
import { generateSigningSecret } from './delivery/signature';
import type { DeliveryStatus } from './delivery.entity';
import type {
  AttemptDto,
  CreatedHookDto,
  DeliveryDto,
  DeliveryListDto,
  HookDto,
  HookListDto,
  RotatedSecretDto,
  TestDeliveryDto,
} from './dto/hook.dto';
import type { HookStatus } from './hook-subscription.entity';

/** How long a rotated-out secret keeps signing alongside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;
/** The `target_url` column's length. */
export const MAX_TARGET_URL_LENGTH = 2048;

interface HookRow extends HookSecrets {
  id: string;
  workspace_id: string;
  event: EventType;
  target_url: string;
  description: string | null;
  status: HookStatus;
  paused_at: Date | null;
  pause_reason: string | null;
  consecutive_failures: number;
  created_at: Date;
  last_delivery_id: string | null;
  last_delivery_status: DeliveryStatus | null;
  last_delivery_status_code: number | null;
  last_delivery_created_at: Date | null;
}

const iso = (date: Date | string | null): string | null =>
  date === null ? null : new Date(date).toISOString();

const HOOK_SELECT = `SELECT h.*, d.id AS last_delivery_id, d.status AS last_delivery_status,
       d.last_status_code AS last_delivery_status_code, d.created_at AS last_delivery_created_at
  FROM hook_subscriptions h
  LEFT JOIN LATERAL (SELECT id, status, last_status_code, created_at FROM deliveries
                      WHERE hook_id = h.id ORDER BY created_at DESC, id DESC LIMIT 1) d ON true`;

function toHookDto(row: HookRow): HookDto {
  return {
    hookId: row.id,
    event: row.event,
    targetUrl: row.target_url,
    description: row.description,
    status: row.status,
    pausedAt: iso(row.paused_at),
    pauseReason: row.pause_reason,
    consecutiveFailures: row.consecutive_failures,
    createdAt: iso(row.created_at)!,
    lastDelivery: row.last_delivery_id
      ? {
          deliveryId: row.last_delivery_id,
          status: row.last_delivery_status!,
          lastStatusCode: row.last_delivery_status_code,
          createdAt: iso(row.last_delivery_created_at)!,
        }
      : null,
  };
}

/**
 * Webhook subscriptions (admin+): the API side. Deliveries themselves are made by the worker; the
 * API only changes rows and, when it makes deliveries due (resume, retry), notifies the worker.
 */
@Injectable()
export class HooksService implements OnApplicationShutdown {
  private readonly dispatcher: Agent;

  constructor(
    private readonly em: EntityManager,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {
    this.dispatcher = createSafeDispatcher({
      allowPrivate: config.allowPrivateTargets,
      timeoutMs: config.webhookTimeoutMs,
    });
  }

  async create(
    workspaceId: string,
    input: { event: EventType; targetUrl: string; description?: string },
  ): Promise<CreatedHookDto> {
    let targetUrl: string;
    try {
      targetUrl = checkTargetUrl(input.targetUrl.trim(), {
        allowPrivate: this.config.allowPrivateTargets,
      }).toString();
    } catch (error) {
      if (!(error instanceof UnsafeTargetError)) throw error;
      throw ApiError.validation([{ field: 'targetUrl', message: `targetUrl ${error.message}` }]);
    }
    // Normalising percent-encodes (`é` → `%C3%A9`): what is stored must still fit the column.
    if (targetUrl.length > MAX_TARGET_URL_LENGTH) {
      throw ApiError.validation([
        {
          field: 'targetUrl',
          message: `targetUrl must be at most ${MAX_TARGET_URL_LENGTH} characters once percent-encoded`,
        },
      ]);
    }
    const id = newId('hook');
    const signingSecret = generateSigningSecret();
    const [row] = await this.em.execute<{ created_at: Date }[]>(
      `INSERT INTO hook_subscriptions (id, workspace_id, event, target_url, description, sealed_secret, created_at)
       VALUES (?, ?, ?, ?, ?, ?, clock_timestamp()) RETURNING created_at`,
      [
        id,
        workspaceId,
        input.event,
        targetUrl,
        input.description?.trim() || null,
        this.secrets.seal(signingSecret, hookSecretContext(id)),
      ],
    );
    return {
      hookId: id,
      event: input.event,
      targetUrl,
      description: input.description?.trim() || null,
      status: 'active',
      createdAt: iso(row.created_at)!,
      signingSecret,
    };
  }

  async list(workspaceId: string, limit: number, cursor?: string): Promise<HookListDto> {
    const after = decodeCursor(cursor);
    const rows = await this.em.execute<HookRow[]>(
      `${HOOK_SELECT} WHERE h.workspace_id = ?${after ? ' AND (h.created_at, h.id) > (?, ?)' : ''}
        ORDER BY h.created_at, h.id LIMIT ?`,
      [workspaceId, ...(after ? [after.createdAt, after.id] : []), limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      hooks: items.map(toHookDto),
      nextCursor:
        rows.length > limit ? encodeCursor({ createdAt: new Date(last.created_at), id: last.id }) : null,
    };
  }

  private async find(
    workspaceId: string,
    hookId: string,
    em: EntityManager = this.em,
    lock = false,
  ): Promise<HookRow> {
    if (!isId('hook', hookId)) throw ApiError.notFound('webhook subscription');
    const [row] = await em.execute<HookRow[]>(
      lock
        ? `SELECT h.*, NULL AS last_delivery_id FROM hook_subscriptions h WHERE h.id = ? AND h.workspace_id = ? FOR UPDATE`
        : `${HOOK_SELECT} WHERE h.id = ? AND h.workspace_id = ?`,
      [hookId, workspaceId],
    );
    if (!row) throw ApiError.notFound('webhook subscription');
    return row;
  }

  async get(workspaceId: string, hookId: string): Promise<HookDto> {
    return toHookDto(await this.find(workspaceId, hookId));
  }

  /** Deletes the subscription with its deliveries: pending ones are never sent. */
  async remove(workspaceId: string, hookId: string): Promise<void> {
    if (!isId('hook', hookId)) throw ApiError.notFound('webhook subscription');
    const deleted = await this.em.execute<{ id: string }[]>(
      `DELETE FROM hook_subscriptions WHERE id = ? AND workspace_id = ? RETURNING id`,
      [hookId, workspaceId],
    );
    if (deleted.length === 0) throw ApiError.notFound('webhook subscription');
  }

  /**
   * Re-activates a subscription (idempotent). With `replay`, the delivery that paused it and those
   * the pause cancelled are retried, and the events it missed while paused (of the last 30 days)
   * delivered.
   */
  async resume(workspaceId: string, hookId: string, replay: boolean): Promise<HookDto> {
    await this.em.transactional(async (em) => {
      const hook = await this.find(workspaceId, hookId, em, true);
      if (hook.status === 'active') return;
      await em.execute(
        `UPDATE hook_subscriptions SET status = 'active', paused_at = NULL, pause_reason = NULL, consecutive_failures = 0
          WHERE id = ?`,
        [hook.id],
      );
      if (replay && hook.paused_at) {
        await em.execute(
          `UPDATE deliveries SET status = 'pending', next_attempt_at = now(), schedule_start = attempt_count, completed_at = NULL
            WHERE hook_id = ? AND status IN ('cancelled', 'failed') AND completed_at >= ?`,
          [hook.id, hook.paused_at],
        );
        const missed = await em.execute<{ id: string }[]>(
          `SELECT id FROM events WHERE workspace_id = ? AND type = ? AND created_at >= ? AND created_at >= greatest(?, now() - interval '${EVENT_RETENTION_DAYS} days')
             AND NOT EXISTS (SELECT 1 FROM deliveries WHERE event_id = events.id AND hook_id = ?)`,
          [workspaceId, hook.event, hook.paused_at, hook.created_at, hook.id],
        );
        if (missed.length > 0) {
          await em.execute(
            `INSERT INTO deliveries (id, workspace_id, hook_id, event_id)
             SELECT id, ?, ?, event FROM json_to_recordset(?::json) AS r(id text, event text)
             ON CONFLICT (event_id, hook_id) DO NOTHING`,
            [
              workspaceId,
              hook.id,
              JSON.stringify(missed.map((e) => ({ id: newId('delivery'), event: e.id }))),
            ],
          );
        }
        await em.execute(`SELECT pg_notify(?, '')`, [DELIVERIES_CHANNEL]);
      }
    });
    return this.get(workspaceId, hookId);
  }

  /** Sends the event type's sample to the endpoint now, signed like a delivery; nothing is logged or retried. */
  async test(workspaceId: string, hookId: string): Promise<TestDeliveryDto> {
    const hook = await this.find(workspaceId, hookId);
    const payload = {
      ...sampleEnvelope(hook.event, workspaceId),
      id: newId('event'),
      createdAt: new Date().toISOString(),
    };
    const body = JSON.stringify(payload);
    const outcome = await attemptDelivery(
      {
        targetUrl: hook.target_url,
        deliveryId: newId('delivery'),
        eventId: payload.id,
        eventType: hook.event,
        body,
        secrets: currentSecrets(this.secrets, hook.id, hook),
      },
      {
        dispatcher: this.dispatcher,
        timeoutMs: this.config.webhookTimeoutMs,
        allowPrivate: this.config.allowPrivateTargets,
      },
    );
    return {
      delivered: outcome.succeeded,
      payload,
      requestHeaders: outcome.headers,
      statusCode: outcome.statusCode,
      latencyMs: outcome.latencyMs,
      responseSnippet: outcome.responseSnippet,
      error: outcome.error,
    };
  }

  /** A new signing secret; the old one signs alongside for 24 hours. */
  async rotateSecret(workspaceId: string, hookId: string): Promise<RotatedSecretDto> {
    return this.em.transactional(async (em) => {
      const hook = await this.find(workspaceId, hookId, em, true);
      const signingSecret = generateSigningSecret();
      const [row] = await em.execute<{ previous_secret_expires_at: Date }[]>(
        `UPDATE hook_subscriptions SET sealed_previous_secret = sealed_secret, sealed_secret = ?,
                previous_secret_expires_at = now() + interval '${PREVIOUS_SECRET_HOURS} hours'
          WHERE id = ? RETURNING previous_secret_expires_at`,
        [this.secrets.seal(signingSecret, hookSecretContext(hook.id)), hook.id],
      );
      return {
        hookId: hook.id,
        signingSecret,
        previousSecretExpiresAt: iso(row.previous_secret_expires_at)!,
      };
    });
  }

  async deliveries(
    workspaceId: string,
    hookId: string,
    options: { status?: DeliveryStatus; limit: number; cursor?: string },
  ): Promise<DeliveryListDto> {
    const hook = await this.find(workspaceId, hookId);
    const after = decodeCursor(options.cursor);
    const params: unknown[] = [hook.id];
    let where = 'd.hook_id = ?';
    if (options.status) {
      where += ' AND d.status = ?';
      params.push(options.status);
    }
    if (after) {
      where += ' AND (d.created_at, d.id) < (?, ?)';
      params.push(after.createdAt, after.id);
    }
    const rows = await this.em.execute<
      {
        id: string;
        event_id: string;
        event_type: EventType;
        status: DeliveryStatus;
        attempt_count: number;
        next_attempt_at: Date;
        last_status_code: number | null;
        created_at: Date;
        completed_at: Date | null;
        attempts: (Omit<AttemptDto, 'startedAt'> & { startedAt: string })[] | null;
      }[]
    >(
      `SELECT d.id, d.event_id, e.type AS event_type, d.status, d.attempt_count, d.next_attempt_at, d.last_status_code,
              d.created_at, d.completed_at,
              (SELECT json_agg(json_build_object('attempt', a.attempt, 'startedAt', a.started_at, 'statusCode', a.status_code,
                        'latencyMs', a.latency_ms, 'responseSnippet', a.response_snippet, 'error', a.error,
                        'succeeded', a.succeeded) ORDER BY a.attempt)
                 FROM delivery_attempts a WHERE a.delivery_id = d.id) AS attempts
         FROM deliveries d JOIN events e ON e.id = d.event_id
        WHERE ${where} ORDER BY d.created_at DESC, d.id DESC LIMIT ?`,
      [...params, options.limit + 1],
    );
    const items = rows.slice(0, options.limit);
    const last = items[items.length - 1];
    return {
      deliveries: items.map((row): DeliveryDto => ({
        deliveryId: row.id,
        eventId: row.event_id,
        eventType: row.event_type,
        status: row.status,
        attemptCount: row.attempt_count,
        nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
        lastStatusCode: row.last_status_code,
        createdAt: iso(row.created_at)!,
        completedAt: iso(row.completed_at),
        attempts: (row.attempts ?? []).map((a) => ({ ...a, startedAt: iso(a.startedAt)! })),
      })),
      nextCursor:
        rows.length > options.limit
          ? encodeCursor({ createdAt: new Date(last.created_at), id: last.id })
          : null,
    };
  }

  /** Schedules a finished delivery again now, with a fresh retry schedule. */
  async retry(
    workspaceId: string,
    hookId: string,
    deliveryId: string,
  ): Promise<{ deliveryId: string; status: 'pending' }> {
    return this.em.transactional(async (em) => {
      const hook = await this.find(workspaceId, hookId, em, true);
      if (!isId('delivery', deliveryId)) throw ApiError.notFound('delivery');
      const [delivery] = await em.execute<{ status: DeliveryStatus }[]>(
        `SELECT status FROM deliveries WHERE id = ? AND hook_id = ? FOR UPDATE`,
        [deliveryId, hook.id],
      );
      if (!delivery) throw ApiError.notFound('delivery');
      if (delivery.status === 'pending') {
        throw new ApiError(
          HttpStatus.CONFLICT,
          'conflict',
          'This delivery is still pending: its next attempt is already scheduled.',
        );
      }
      if (hook.status !== 'active') {
        throw new ApiError(
          HttpStatus.CONFLICT,
          'conflict',
          'The subscription is paused: resume it before retrying deliveries.',
        );
      }
      await em.execute(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = now(), schedule_start = attempt_count, completed_at = NULL
          WHERE id = ?`,
        [deliveryId],
      );
      await em.execute(`SELECT pg_notify(?, '')`, [DELIVERIES_CHANNEL]);
      return { deliveryId, status: 'pending' as const };
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }
}
