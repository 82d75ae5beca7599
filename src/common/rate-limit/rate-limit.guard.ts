import { HttpStatus, Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerGenerateKeyFunction,
  type ThrottlerGetTrackerFunction,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import {
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../core/logging/logger.token';
import { Metrics } from '../../core/metrics/metrics';
import { ApiError } from '../http/errors';
import { REVOKED, type SlidingWindowStorage, type ThrottlerStorageRecord } from './sliding-window';

/** A throttler option: a number, or a function of the request's context. */
function resolve(context: ExecutionContext, value: ThrottlerOptions['limit']): number | Promise<number> {
  return typeof value === 'function' ? value(context) : value;
}

/** A throttler of the module's options. */
export interface RateLimitThrottler extends ThrottlerOptions {
  /**
   * The tracker is a credential (an API key id): the same check refuses it once revoked
   * (`SlidingWindowStorage.revoke`), and `canActivate` then answers false.
   */
  revocable?: boolean;
}

/** A configured throttler as it applies to one route. */
interface RouteThrottler {
  throttler: ThrottlerOptions;
  revocable: boolean;
  skip: boolean;
  limit: ThrottlerOptions['limit'];
  ttl: ThrottlerOptions['ttl'];
  getTracker: ThrottlerGetTrackerFunction;
  generateKey: ThrottlerGenerateKeyFunction;
}

/** A named limit: `limit` requests in any sliding window of `windowMs`. */
export interface RateLimitPolicy {
  /** Names the policy in `RateLimit-Policy`/`RateLimit` and in metrics (`default`, `anonymous`, …). */
  name: string;
  limit: number;
  windowMs: number;
  /** What a 429 says is limited, before the numbers ("Too many requests" when absent). */
  refusal?: string;
}

/** Appends to a structured-field list header: two policies on one request give two list members. */
function appendHeader(reply: FastifyReply, name: string, value: string): void {
  const existing = reply.getHeader(name);
  void reply.header(name, existing === undefined ? value : `${String(existing)}, ${value}`);
}

/** `RateLimit-Policy` and `RateLimit` (IETF httpapi-ratelimit-headers draft) for one check. */
export function setRateLimitHeaders(
  reply: FastifyReply,
  policy: RateLimitPolicy,
  record: ThrottlerStorageRecord,
): void {
  const remaining = Math.max(0, policy.limit - record.totalHits);
  const reset = record.isBlocked ? record.timeToBlockExpire : record.timeToExpire;
  appendHeader(
    reply,
    'RateLimit-Policy',
    `"${policy.name}";q=${policy.limit};w=${Math.round(policy.windowMs / 1000)}`,
  );
  appendHeader(reply, 'RateLimit', `"${policy.name}";r=${remaining};t=${reset}`);
}

const REFUSALS: Record<string, string> = {
  default: 'This API key made too many requests',
  anonymous: 'Too many requests without a valid API key from this address',
};

/**
 * `@nestjs/throttler`'s guard over the sliding-window storage, answering in the service's terms:
 * the `RateLimit` headers on every checked response and, over the limit, 429 `rate_limited` with
 * `Retry-After`. The authentication guard calls it once it knows who is calling (see `auth.guard.ts`).
 *
 * `enforce()` is the reusable part: any guard can limit any key under a named policy with it (the
 * widget channel's per-address and per-session limits, for instance).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private lastFailureLog = 0;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: SlidingWindowStorage,
    reflector: Reflector,
    private readonly metrics: Metrics,
    @Inject(APP_LOGGER) private readonly log: Logger,
  ) {
    super(options, storage, reflector);
  }

  /** Per handler: each named throttler with the route's and class's decorator overrides applied. */
  private readonly routes = new WeakMap<object, RouteThrottler[]>();

  /**
   * ThrottlerGuard's check with the decorator lookups (`@SkipThrottle`, `@Throttle`, trackers, key
   * generators: five metadata reads per throttler) made once per handler instead of per request, and
   * no await where a value is already known. Issue 7's profile found the per-request lookups on the
   * hot path.
   *
   * Throws 429 over a limit. Answers false, having counted nothing, when a revocable throttler's
   * credential is revoked: the caller then treats the request as unauthenticated.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    for (const route of this.routeThrottlers(context)) {
      const { throttler } = route;
      if (route.skip || throttler.skipIf?.(context) || this.commonOptions.skipIf?.(context)) continue;
      const limit = await resolve(context, route.limit);
      const ttl = await resolve(context, route.ttl);
      const admitted = await this.handleRequest({
        context,
        limit,
        ttl,
        throttler,
        blockDuration: ttl,
        getTracker: route.getTracker,
        generateKey: route.generateKey,
      });
      if (!admitted) return false;
    }
    return true;
  }

  private routeThrottlers(context: ExecutionContext): RouteThrottler[] {
    const handler = context.getHandler();
    let resolved = this.routes.get(handler);
    if (!resolved) {
      const targets = [handler, context.getClass()];
      const override = <T>(key: string, name: string) =>
        this.reflector.getAllAndOverride<T | undefined>(`${key}${name}`, targets);
      resolved = this.throttlers.map((throttler) => {
        const name = throttler.name!;
        return {
          throttler,
          revocable: (throttler as RateLimitThrottler).revocable ?? false,
          skip: override<boolean>(THROTTLER_SKIP, name) ?? false,
          limit: override<ThrottlerOptions['limit']>(THROTTLER_LIMIT, name) ?? throttler.limit,
          ttl: override<ThrottlerOptions['ttl']>(THROTTLER_TTL, name) ?? throttler.ttl,
          getTracker:
            override<ThrottlerGetTrackerFunction>(THROTTLER_TRACKER, name) ??
            throttler.getTracker ??
            this.commonOptions.getTracker!,
          generateKey:
            override<ThrottlerGenerateKeyFunction>(THROTTLER_KEY_GENERATOR, name) ??
            throttler.generateKey ??
            this.commonOptions.generateKey!,
        };
      });
      this.routes.set(handler, resolved);
    }
    return resolved;
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, getTracker, generateKey } = request;
    const name = throttler.name ?? 'default';
    const { req } = this.getRequestResponse(context);
    const pending = getTracker(req, context);
    const tracker = typeof pending === 'string' ? pending : await pending;
    const key = generateKey(context, tracker, name);
    const revocable = (throttler as RateLimitThrottler).revocable ?? false;
    return this.enforce(context, { name, limit, windowMs: ttl }, key, revocable ? tracker : undefined);
  }

  /** The client's address as per-address limits count it (IPv6 per /64; see `NHX_TRUST_PROXY`). */
  async clientAddress(context: ExecutionContext): Promise<string> {
    return this.getTracker(this.getRequestResponse(context).req);
  }

  /**
   * Counts this request against `key` under `policy`: sets the headers, and throws 429 when over.
   * With `credential`, the same step refuses a revoked credential: then it answers false, counting
   * and setting nothing.
   *
   * If the storage cannot answer (Redis away), the request is let through and counted in
   * `nhx_rate_limit_errors_total`: an outage of the limiter should not become an outage of the API.
   * A revocation is then seen only through the instance's own cache (see `ApiKeyCache`).
   */
  async enforce(
    context: ExecutionContext,
    policy: RateLimitPolicy,
    key: string,
    credential?: string,
  ): Promise<boolean> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    let record: ThrottlerStorageRecord;
    try {
      const checked = await this.storage.check(key, policy.windowMs, policy.limit, credential);
      if (checked === REVOKED) return false;
      record = checked;
    } catch (error) {
      this.metrics.rateLimitErrors.inc();
      if (Date.now() - this.lastFailureLog > 10_000) {
        this.lastFailureLog = Date.now();
        this.log.warn({ err: error, policy: policy.name }, 'rate-limit check failed; request let through');
      }
      return true;
    }
    setRateLimitHeaders(reply, policy, record);
    if (record.isBlocked) {
      this.metrics.rateLimitRejections.inc({ policy: policy.name });
      void reply.header('Retry-After', String(record.timeToBlockExpire));
      const what = policy.refusal ?? REFUSALS[policy.name] ?? 'Too many requests';
      throw new ApiError(
        HttpStatus.TOO_MANY_REQUESTS,
        'rate_limited',
        `${what}: the limit is ${policy.limit} per ${Math.round(policy.windowMs / 1000)} s. Retry in ${record.timeToBlockExpire} s.`,
      );
    }
    return true;
  }

  private get storage(): SlidingWindowStorage {
    return this.storageService as SlidingWindowStorage;
  }
}
