import { Injectable, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, REQUIRED_ROLE } from '../../common/decorators/auth.decorator';
import { ApiError } from '../../common/http/errors';
import { hasRole, type Role } from '../workspaces/roles';
import type { Principal } from './principal';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * The one authentication guard, installed app-wide: every route needs a valid API key unless it is
 * marked `@Public()`, and the key's role must reach the route's `@Auth(role)`.
 */
@Injectable()
export class ApiKeyGuard extends AuthGuard('bearer') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
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
