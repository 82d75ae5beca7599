import {
  applyDecorators,
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiErrorResponse } from '../../common/decorators/api-docs.decorator';
import { ApiError } from '../../common/http/errors';
import { RateLimitGuard, type RateLimitPolicy } from '../../common/rate-limit/rate-limit.guard';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { WidgetService, type WidgetSession } from './widget.service';

/**
 * The widget channel's limits, each in any sliding window of `NHX_RATE_LIMIT_WINDOW_SECONDS` on the
 * API's rate-limit storage (shared by every instance through Redis):
 * - `sessions`: sessions started per client address (IPv6 per /64), every bot together;
 * - `messages`: customer messages per session;
 * - `polls`: polls of a session's messages per session.
 */
export type WidgetLimitName = 'sessions' | 'messages' | 'polls';

const WIDGET_LIMIT = 'nhx:widget-limit';

interface WidgetRequest {
  params: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  widgetSession?: WidgetSession;
}

const DOCS: Record<WidgetLimitName, { description: string; message: string }> = {
  sessions: {
    description:
      'Too many sessions started from this client address: 60 (by default) in any 60-second sliding window, every bot together. `Retry-After` says in how many seconds a session could be started.',
    message: 'Too many chat sessions started from this address: the limit is 60 per 60 s. Retry in 7 s.',
  },
  messages: {
    description:
      'Too many messages in this session: 20 (by default) in any 60-second sliding window. Requests without a valid session token are limited per client address instead, like requests without an API key. `Retry-After` says in how many seconds a message would be accepted.',
    message: 'Too many messages in this chat session: the limit is 20 per 60 s. Retry in 3 s.',
  },
  polls: {
    description:
      'This session polled too often: 60 polls (by default) in any 60-second sliding window. Requests without a valid session token are limited per client address instead, like requests without an API key. `Retry-After` says in how many seconds a poll would be answered.',
    message: 'This chat session polled too often: the limit is 60 per 60 s. Retry in 2 s.',
  },
};

/**
 * Limits a widget route and documents its 429. `messages` and `polls` also authenticate the session
 * (404 unknown session, 401 wrong token) and hand it to the route (`@CurrentWidgetSession()`).
 */
export const WidgetLimit = (limit: WidgetLimitName): MethodDecorator =>
  applyDecorators(
    SetMetadata(WIDGET_LIMIT, limit),
    UseGuards(WidgetLimitGuard),
    ApiErrorResponse(429, DOCS[limit].description, {
      rateLimited: { summary: 'Too many requests', code: 'rate_limited', message: DOCS[limit].message },
    }),
  );

/** The session `WidgetLimit('messages' | 'polls')` authenticated. */
export const CurrentWidgetSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): WidgetSession =>
    context.switchToHttp().getRequest<WidgetRequest>().widgetSession!,
);

/**
 * Counts a widget request under its route's limit (`@WidgetLimit`), with the API's headers and 429
 * (`RateLimitGuard.enforce`).
 *
 * A session's requests count against the session only once its token is verified: otherwise anyone
 * who knew a session id (it travels in webhook payloads) could use up that customer's allowance.
 * Requests without a valid token are counted like requests without a valid API key: under the
 * client address, at the `anonymous` limit, so probing for sessions is limited too.
 */
@Injectable()
export class WidgetLimitGuard implements CanActivate {
  private readonly policies: Record<WidgetLimitName, RateLimitPolicy>;
  private readonly limits = new WeakMap<object, WidgetLimitName>();

  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimit: RateLimitGuard,
    private readonly widget: WidgetService,
    @Inject(APP_CONFIG) config: ResolvedConfig,
  ) {
    const windowMs = config.rateLimitWindowMs;
    this.policies = {
      sessions: {
        name: 'widget-sessions',
        limit: config.widgetSessionsPerMinute,
        windowMs,
        refusal: 'Too many chat sessions started from this address',
      },
      messages: {
        name: 'widget-messages',
        limit: config.widgetMessagesPerMinute,
        windowMs,
        refusal: 'Too many messages in this chat session',
      },
      polls: {
        name: 'widget-polls',
        limit: config.widgetPollsPerMinute,
        windowMs,
        refusal: 'This chat session polled too often',
      },
    };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.limitOf(context);
    const policy = this.policies[limit];
    if (limit === 'sessions') {
      const address = await this.rateLimit.clientAddress(context);
      return this.rateLimit.enforce(context, policy, `${policy.name}:${address}`);
    }
    const request = context.switchToHttp().getRequest<WidgetRequest>();
    const sessionId = request.params.sessionId ?? '';
    const authorization = request.headers.authorization;
    try {
      request.widgetSession = await this.widget.authenticate(
        sessionId,
        typeof authorization === 'string' ? authorization : undefined,
      );
    } catch (error) {
      if (error instanceof ApiError) await this.rateLimit.canActivate(context);
      throw error;
    }
    return this.rateLimit.enforce(context, policy, `${policy.name}:${sessionId}`);
  }

  /** The route's limit, read once per handler. */
  private limitOf(context: ExecutionContext): WidgetLimitName {
    const handler = context.getHandler();
    let limit = this.limits.get(handler);
    if (!limit) {
      limit = this.reflector.get<WidgetLimitName>(WIDGET_LIMIT, handler);
      this.limits.set(handler, limit);
    }
    return limit;
  }
}
