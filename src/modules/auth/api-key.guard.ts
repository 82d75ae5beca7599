import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ROLE } from '../../common/decorators/auth.decorator';
import { ApiError } from '../../common/http/errors';
import { RateLimitGuard } from '../../common/rate-limit/rate-limit.guard';
import { hasRole, type Role } from '../../common/auth/roles';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from '../../common/auth/principal';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** What a route asks of its caller: read from the decorators once per handler, not per request. */
interface RoutePolicy {
  isPublic: boolean;
  required: Role;
}

/**
 * `Authorization: Bearer <token>` (scheme case-insensitive, exactly one space): the token, or null.
 * Only the header counts: a key in the query string or body ends up in logs, so it is never read.
 */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const parts = header.split(' ');
  return parts.length === 2 && /^bearer$/i.test(parts[0]) && parts[1] !== '' ? parts[1] : null;
}

/**
 * The one authentication guard, installed app-wide: every route needs a valid API key unless it is
 * marked `@Public()`, and the key's role must reach the route's `@Auth(role)`.
 *
 * Every request it sees is rate-limited once, after authentication: under its key when the key is
 * valid, else under the client's address, so failed attempts (401) are limited too and a flood of
 * them answers 429. The key's check also refuses a key revoked since this instance cached it (the
 * revoking instance records the revocation in the rate-limit storage before it answers), so a
 * revocation holds on every instance from the moment it is answered, at no extra round trip.
 *
 * It reads the bearer header itself rather than through passport-http-bearer: the strategy added a
 * per-request cost in the API's CPU profile and passport's strategy registry is process-global, which
 * made two API instances in one process (the cache tests) authenticate through one another.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly policies = new WeakMap<object, RoutePolicy>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly rateLimit: RateLimitGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.policy(context);
    if (policy.isPublic) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const token = bearerToken(request.headers.authorization);
    let principal = token === null ? null : await this.apiKeys.authenticate(token);
    if (principal) request.principal = principal;
    if (!(await this.rateLimit.canActivate(context))) {
      // Revoked (by any instance) after this one cached the key: an unknown key from now on.
      request.principal = undefined;
      principal = null;
      await this.rateLimit.canActivate(context);
    }
    if (!principal) throw new UnauthorizedException();
    if (!hasRole(principal.role, policy.required)) {
      throw ApiError.insufficientRole(
        `This request needs the ${policy.required} role or higher; this key is ${principal.role}.`,
      );
    }
    return true;
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
