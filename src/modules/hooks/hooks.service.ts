import { EntityManager } from '@mikro-orm/postgresql';
import { HttpStatus, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Agent } from 'undici';
import { ApiError } from '../../common/http/errors';
import { isId, newId } from '../../common/ids/ids';
import { CREATED_AT_CURSOR } from '../../common/http/pagination';
import { checkTargetUrl, createSafeDispatcher, UnsafeTargetError } from '../../common/net/ssrf';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { SecretBox } from '../../core/crypto/secret-box';
import { EventsRepository } from '../events/events.repository';
import { EVENT_RETENTION_DAYS } from '../events/events.service';
import type { EventType } from '../events/event-types';
import { sampleEnvelope } from '../triggers/samples';
import { attemptDelivery } from './delivery/deliverer';
import { currentSecrets, hookSecretContext } from './delivery/hook-secrets';
import { generateSigningSecret } from './delivery/signature';
import type { DeliveryStatus } from './delivery.entity';
import type {
  CreatedHookDto,
  DeliveryListDto,
  HookDto,
  HookListDto,
  RotatedSecretDto,
  TestDeliveryDto,
} from './dto/hook.dto';
import { HooksRepository, toHookDto, type Hook } from './hooks.repository';

/** How long a rotated-out secret keeps signing alongside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;
/** The `target_url` column's length. */
export const MAX_TARGET_URL_LENGTH = 2048;

/**
 * Webhook subscriptions (admin+): the API side. Deliveries themselves are made by the worker; the
 * API only changes rows and, when it makes deliveries due (resume, retry), notifies the worker.
 */
@Injectable()
export class HooksService implements OnApplicationShutdown {
  private readonly dispatcher: Agent;

  constructor(
    private readonly em: EntityManager,
    private readonly hooks: HooksRepository,
    private readonly events: EventsRepository,
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
    const description = input.description?.trim() || null;
    const createdAt = await this.hooks.insertHook({
      id,
      workspaceId,
      event: input.event,
      targetUrl,
      description,
      sealedSecret: this.secrets.seal(signingSecret, hookSecretContext(id)),
    });
    return {
      hookId: id,
      event: input.event,
      targetUrl,
      description,
      status: 'active',
      createdAt: createdAt.toISOString(),
      signingSecret,
    };
  }

  async list(workspaceId: string, limit: number, cursor?: string): Promise<HookListDto> {
    const rows = await this.hooks.listHooks(workspaceId, CREATED_AT_CURSOR.decode(cursor), limit + 1);
    const { items, nextCursor } = CREATED_AT_CURSOR.page(rows, limit);
    return { hooks: items.map(toHookDto), nextCursor };
  }

  /** The subscription, or 404; with `em`, locked in that transaction. */
  private async find(workspaceId: string, hookId: string, em?: EntityManager): Promise<Hook> {
    const hook = !isId('hook', hookId)
      ? null
      : em
        ? await this.hooks.lockHook(em, workspaceId, hookId)
        : await this.hooks.findHook(workspaceId, hookId);
    if (!hook) throw ApiError.notFound('webhook subscription');
    return hook;
  }

  async get(workspaceId: string, hookId: string): Promise<HookDto> {
    return toHookDto(await this.find(workspaceId, hookId));
  }

  /** Deletes the subscription with its deliveries: pending ones are never sent. */
  async remove(workspaceId: string, hookId: string): Promise<void> {
    if (!isId('hook', hookId) || !(await this.hooks.deleteHook(workspaceId, hookId))) {
      throw ApiError.notFound('webhook subscription');
    }
  }

  /**
   * Re-activates a subscription (idempotent). With `replay`, the delivery that paused it and those
   * the pause cancelled are retried, and the events it missed while paused (of the last 30 days)
   * delivered.
   */
  async resume(workspaceId: string, hookId: string, replay: boolean): Promise<HookDto> {
    await this.em.transactional(async (em) => {
      const hook = await this.find(workspaceId, hookId, em);
      if (hook.status === 'active') return;
      await this.hooks.activate(em, hook.id);
      if (replay && hook.pausedAt) {
        await this.hooks.reopenFinishedSince(em, hook.id, hook.pausedAt);
        // Events since the pause (a subscription receives only events created after it); those
        // that already have a delivery for it are skipped by the insert.
        const missed = await this.events.idsSince(em, {
          workspaceId,
          type: hook.event,
          since: hook.pausedAt > hook.createdAt ? hook.pausedAt : hook.createdAt,
          retentionDays: EVENT_RETENTION_DAYS,
        });
        await this.hooks.insertDeliveries(
          em,
          missed.map((eventId) => ({ id: newId('delivery'), workspaceId, hookId: hook.id, eventId })),
        );
        await this.hooks.notifyDeliveriesDue(em);
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
        targetUrl: hook.targetUrl,
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
      const hook = await this.find(workspaceId, hookId, em);
      const signingSecret = generateSigningSecret();
      const previousSecretExpiresAt = await this.hooks.rotateSecret(
        em,
        hook.id,
        this.secrets.seal(signingSecret, hookSecretContext(hook.id)),
        PREVIOUS_SECRET_HOURS,
      );
      return {
        hookId: hook.id,
        signingSecret,
        previousSecretExpiresAt: previousSecretExpiresAt.toISOString(),
      };
    });
  }

  async deliveries(
    workspaceId: string,
    hookId: string,
    options: { status?: DeliveryStatus; limit: number; cursor?: string },
  ): Promise<DeliveryListDto> {
    const hook = await this.find(workspaceId, hookId);
    const rows = await this.hooks.listDeliveries(hook.id, {
      status: options.status,
      after: CREATED_AT_CURSOR.decode(options.cursor),
      limit: options.limit + 1,
    });
    const { items, nextCursor } = CREATED_AT_CURSOR.page(rows, options.limit);
    return { deliveries: items.map((entry) => entry.dto), nextCursor };
  }

  /** Schedules a finished delivery again now, with a fresh retry schedule. */
  async retry(
    workspaceId: string,
    hookId: string,
    deliveryId: string,
  ): Promise<{ deliveryId: string; status: 'pending' }> {
    return this.em.transactional(async (em) => {
      const hook = await this.find(workspaceId, hookId, em);
      const status = isId('delivery', deliveryId)
        ? await this.hooks.lockDelivery(em, hook.id, deliveryId)
        : null;
      if (status === null) throw ApiError.notFound('delivery');
      if (status === 'pending') {
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
      await this.hooks.reopenDelivery(em, deliveryId);
      await this.hooks.notifyDeliveriesDue(em);
      return { deliveryId, status: 'pending' as const };
    });
  }

  /**
   * By now the HTTP server is closed: every request either got its answer or lost its connection
   * at `NHX_SHUTDOWN_TIMEOUT_MS`. A test send still waiting on its endpoint answers nobody, so it
   * is aborted (`close()` would wait for it, for up to `NHX_WEBHOOK_TIMEOUT_MS`).
   */
  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.destroy();
  }
}
