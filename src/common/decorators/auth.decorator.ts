import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { ApiInsufficientRole, ApiNoSecurity, ApiRateLimited, ApiUnauthorized } from './api-docs.decorator';

export const IS_PUBLIC = 'nhx:public';
export const REQUIRED_ROLE = 'nhx:required-role';
export const API_KEY_SECURITY = 'apiKey';
export const WIDGET_SESSION_SECURITY = 'widgetSession';
export const DASHBOARD_SESSION_SECURITY = 'dashboardSession';

/** Opts a route out of API-key authentication (health, docs, the public widget channel), in OpenAPI too. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiNoSecurity());

/**
 * Requires a valid API key, or a dashboard session, whose member has at least `role`, and documents
 * both in OpenAPI (either one satisfies the route).
 * Routes without `@Public()` require a key even without this decorator (deny by default).
 */
export function Auth(role: Role = 'viewer'): MethodDecorator & ClassDecorator {
  const decorators = [
    SetMetadata(REQUIRED_ROLE, role),
    ApiBearerAuth(API_KEY_SECURITY),
    ApiSecurity(DASHBOARD_SESSION_SECURITY),
    ApiUnauthorized(),
    ApiRateLimited(),
  ];
  if (role !== 'viewer') decorators.push(ApiInsufficientRole(role));
  return applyDecorators(...decorators);
}

/** The authenticated caller of the current request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<{ principal?: Principal }>();
    if (!request.principal) throw new Error('CurrentPrincipal used on a route without authentication');
    return request.principal;
  },
);
