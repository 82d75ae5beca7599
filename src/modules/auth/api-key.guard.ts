import { Injectable, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, REQUIRED_ROLE } from '../../common/decorators/auth.decorator';
import { ApiError } from '../../common/http/errors';
import { RateLimitGuard } from '../../common/rate-limit/rate-limit.guard';
import { hasRole, type Role } from '../workspaces/roles';
import type { Principal } from './principal';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * The one authentication guard, installed app-wide: every route needs a valid API key unless it is
 * marked `@Public()`, and the key's role must reach the route's `@Auth(role)`.
 *
 * Every request it sees is rate-limited once, after authentication: under its key when the key is
 * valid, else under the client's address, so failed attempts (401) are limited too and a flood of
 * them answers 429.
 */
@Injectable()
export class ApiKeyGuard extends AuthGuard('bearer') {
  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimit: RateLimitGuard,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    let authenticationError: Error | null = null;
    try {
      await super.canActivate(context);
    } catch (error) {
      authenticationError = error instanceof Error ? error : new UnauthorizedException();
    }
    await this.rateLimit.canActivate(context);
    if (authenticationError) throw authenticationError;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const required = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'viewer';
    const principal = request.principal as Principal;
    if (!hasRole(principal.role, required)) {
      throw ApiError.insufficientRole(
        `This request needs the ${required} role or higher; this key is ${principal.role}.`,
      );
    }
    return true;
  }

  /**
   * Passport sees only the headers: passport-http-bearer would also accept `?access_token=` and a
   * body field, and keys in URLs end up in logs.
   */
  override getRequest(context: ExecutionContext): GuardedRequest {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const view: GuardedRequest & { user?: Principal } = {
      headers: { authorization: request.headers.authorization },
    };
    return new Proxy(view, {
      set: (target, property, value) => {
        if (property === 'user') request.principal = value as Principal;
        return Reflect.set(target, property, value);
      },
    });
  }

  override handleRequest<T = Principal>(error: unknown, principal: T | false): T {
    if (error) throw error instanceof Error ? error : new UnauthorizedException();
    if (!principal) throw new UnauthorizedException();
    return principal;
  }
}
