import { randomBytes } from 'node:crypto';
import {
  HttpStatus,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import passport from 'passport';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { IS_PUBLIC, REQUIRED_ROLE } from '../../common/decorators/auth.decorator';
import { ApiError } from '../../common/http/errors';
import { RateLimitGuard } from '../../common/rate-limit/rate-limit.guard';
import { hasRole, type Role } from '../../common/auth/roles';
import { ApiKeysService } from './api-keys.service';
import { CSRF_HEADER, csrfTokenMatches, isSafeMethod } from './dashboard-session-policy';
import { DashboardSessionsService } from './dashboard-sessions.service';
import type { Principal } from '../../common/auth/principal';

export interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** What a route asks of its caller: read from the decorators once per handler, not per request. */
interface RoutePolicy {
  isPublic: boolean;
  required: Role;
}

/**
 * The one authentication guard, installed app-wide: every route needs a valid API key or dashboard
 * session unless it is marked `@Public()`, and the member's role must reach the route's `@Auth(role)`.
 *
 * An `Authorization` header decides alone when present (a bad key is 401 whatever cookie comes
 * with it); otherwise the dashboard's session cookie is read. A request authenticated by the cookie
 * that changes state (anything but GET/HEAD/OPTIONS) must also echo the session's CSRF token in
 * `X-CSRF-Token`, or it is 403 `csrf_token_invalid`: a browser attaches cookies by itself, a header
 * only when the page's own script adds it. Keys need no such token: nothing attaches them unasked.
 *
 * Every request it sees is rate-limited once, after authentication: under its key (or session)
 * when valid, else under the client's address, so failed attempts (401) are limited too and a flood of
 * them answers 429. The key's check also refuses a key revoked since this instance cached it (the
 * revoking instance records the revocation in the rate-limit storage before it answers), so a
 * revocation holds on every instance from the moment it is answered, at no extra round trip.
 *
 * The key is read by passport-http-bearer (`Authorization: Bearer <token>`, scheme
 * case-insensitive). The strategy is handed the request's headers alone: it would also read
 * `access_token` from the body or the query string, and a key there ends up in logs. Passport's
 * strategy registry is process-global, so each guard registers its strategy under a name of its
 * own: two API instances in one process (as in the tests) never authenticate through one another.
 * `npm run bench:passport` measures what passport costs per request against reading the header
 * directly (docs/decisions.md).
 */
@Injectable()
export class AuthGuard implements CanActivate, OnApplicationShutdown {
  private readonly policies = new WeakMap<object, RoutePolicy>();
  private readonly strategy = `nhx-api-key-${randomBytes(6).toString('hex')}`;

  constructor(
    private readonly reflector: Reflector,
    apiKeys: ApiKeysService,
    private readonly rateLimit: RateLimitGuard,
    private readonly sessions: DashboardSessionsService,
  ) {
    passport.use(
      this.strategy,
      new BearerStrategy((token, done) => {
        apiKeys.authenticate(token).then((principal) => done(null, principal ?? false), done);
      }),
    );
  }

  /** After the HTTP server has closed: a request in flight may still need the strategy. */
  onApplicationShutdown(): void {
    passport.unuse(this.strategy);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.policy(context);
    if (policy.isPublic) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    let principal = await this.authenticate(request);
    if (principal) request.principal = principal;
    if (!(await this.rateLimit.canActivate(context))) {
      // Revoked (by any instance) after this one cached the key: an unknown key from now on.
      request.principal = undefined;
      principal = null;
      await this.rateLimit.canActivate(context);
    }
    if (!principal) throw this.unauthenticated(request);
    if (
      principal.via === 'session' &&
      !isSafeMethod(request.method) &&
      !csrfTokenMatches(principal.csrfToken, request.headers[CSRF_HEADER])
    ) {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        'csrf_token_invalid',
        "A request signed in by the dashboard session that changes anything needs the session's CSRF token in the X-CSRF-Token header.",
      );
    }
    if (!hasRole(principal.role, policy.required)) {
      const caller = principal.via === 'session' ? 'this session' : 'this key';
      throw ApiError.insufficientRole(
        `This request needs the ${policy.required} role or higher; ${caller} is ${principal.role}.`,
      );
    }
    return true;
  }

  /** The caller: the bearer key when the request has an `Authorization` header, else the session cookie. */
  authenticate(request: GuardedRequest): Promise<Principal | null> {
    if (request.headers.authorization === undefined) {
      const cookie = request.headers.cookie;
      return this.sessions.authenticate(typeof cookie === 'string' ? cookie : undefined);
    }
    return this.authenticateKey(request);
  }

  /** The principal behind the request's bearer key, or null (no key, malformed, unknown or revoked). */
  authenticateKey(request: GuardedRequest): Promise<Principal | null> {
    return new Promise((resolve, reject) => {
      const done = (error: Error | null, principal: Principal | false) =>
        error ? reject(error) : resolve(principal || null);
      const authenticate = passport.authenticate(this.strategy, { session: false }, done) as (
        request: unknown,
        response: unknown,
        next: (error?: unknown) => void,
      ) => void;
      authenticate({ headers: { authorization: request.headers.authorization } }, {}, reject);
    });
  }

  /** A caller with a session cookie (and no key) is told about the session, not about API keys. */
  private unauthenticated(request: GuardedRequest): Error {
    const cookie = request.headers.cookie;
    if (
      request.headers.authorization === undefined &&
      this.sessions.carriesSessionCookie(typeof cookie === 'string' ? cookie : undefined)
    ) {
      return new ApiError(
        HttpStatus.UNAUTHORIZED,
        'unauthorized',
        'This dashboard session has ended (signed out, 12 hours idle, or 7 days old) or is not valid: sign in again with a new link.',
      );
    }
    return new UnauthorizedException();
  }

  private policy(context: ExecutionContext): RoutePolicy {
    const handler = context.getHandler();
    let policy = this.policies.get(handler);
    if (!policy) {
      const targets = [handler, context.getClass()];
      policy = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
        required: this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'viewer',
      };
      this.policies.set(handler, policy);
    }
    return policy;
  }
}
