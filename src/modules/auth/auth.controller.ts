import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiErrorResponse,
  ApiJsonBodyErrors,
  ApiQueryErrors,
  ApiResourceParam,
} from '../../common/decorators/api-docs.decorator';
import { Auth, CurrentPrincipal, Public } from '../../common/decorators/auth.decorator';
import { ApiError } from '../../common/http/errors';
import { Idempotent } from '../../common/idempotency/idempotency.decorator';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../common/http/pagination';
import { toApiKeyDto } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { DashboardSessionsService } from './dashboard-sessions.service';
import {
  ApiKeyDto,
  ApiKeyListDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  CreateSessionDto,
  MeDto,
  RevealedApiKeyDto,
} from './dto/api-key.dto';
import type { Principal } from '../../common/auth/principal';

/** `{keyId}` and its 404: keys of other workspaces, and (below admin) other members' keys, are not found. */
const KeyIdParam = () =>
  ApiResourceParam('keyId', {
    resource: 'API key',
    kind: 'apiKey',
    notFound:
      "No such key in the caller's workspace, or not visible to the caller: below admin, only your own member's keys are.",
  });

@ApiTags('Authentication')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: DashboardSessionsService,
  ) {}

  @Get('me')
  @Auth()
  @ApiOperation({
    operationId: 'getMe',
    summary: 'Return the workspace and key identity authenticating this request',
    description:
      'The workspace, member and credential behind this request: a cheap way to check a key works and what ' +
      'role it acts with. With an API key, `via: "api_key"` and the key; signed in to the dashboard (the ' +
      'session cookie), `via: "session"` and the session, with the CSRF token that requests changing ' +
      'anything must send as `X-CSRF-Token`.',
  })
  @ApiOkResponse({ description: 'The identity behind the API key of this request.', type: MeDto })
  me(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): MeDto {
    // The answer may carry the session's CSRF token: no cache may keep it.
    void reply.header('cache-control', 'no-store');
    return this.describe(principal);
  }

  @Post('session')
  @Public()
  @ApiOperation({
    operationId: 'signIn',
    summary: 'Sign in to the dashboard with a one-time link',
    description:
      'Trades the token of a sign-in link (`nebulahex member login-link` prints the link; the token follows ' +
      '`#token=`) for a dashboard session: an HttpOnly, `SameSite=Strict` cookie (`Secure`, and named ' +
      '`__Host-nhx_session`, unless the service runs on plain-HTTP localhost, where it is `nhx_session`). ' +
      "A link signs in once, within 15 minutes. The session acts with the member's role on every `/api/v1` " +
      'route; it ends 12 hours after its last request, 7 days after sign-in, or at sign-out. Requests that ' +
      "change anything also need the answer's `session.csrfToken` in `X-CSRF-Token`.",
  })
  @ApiCreatedResponse({
    description: 'Signed in: `Set-Cookie` carries the session; the body describes it, CSRF token included.',
    type: MeDto,
    headers: { 'Set-Cookie': { description: 'The session cookie.', schema: { type: 'string' } } },
  })
  @ApiJsonBodyErrors()
  @ApiErrorResponse(401, 'No sign-in link has this token.', {
    invalidLink: {
      summary: 'Unknown link',
      code: 'unauthorized',
      message: 'This sign-in link is not valid.',
    },
  })
  @ApiErrorResponse(410, 'The link was used already, or its 15 minutes have passed.', {
    usedLink: {
      summary: 'Used link',
      code: 'gone',
      message: 'This sign-in link was used already; each link signs in once. Ask for a new one.',
    },
    expiredLink: {
      summary: 'Expired link',
      code: 'gone',
      message: 'This sign-in link has expired (links last 15 minutes). Ask for a new one.',
    },
  })
  async signIn(
    @Body() body: CreateSessionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeDto> {
    const signedIn = await this.sessions.signIn(body.token);
    void reply.header('set-cookie', signedIn.setCookie).header('cache-control', 'no-store');
    return this.describe(signedIn.principal);
  }

  @Delete('session')
  @HttpCode(204)
  @Auth()
  @ApiOperation({
    operationId: 'signOut',
    summary: 'Sign out of the dashboard',
    description:
      'Ends the dashboard session of this request at once (its cookie gets 401 from then on, on every ' +
      'instance) and clears the cookie. Needs `X-CSRF-Token`. An API key is revoked with ' +
      '`DELETE /api/v1/auth/keys/{keyId}` instead.',
  })
  @ApiNoContentResponse({ description: 'Signed out.' })
  @ApiErrorResponse(403, 'Not a dashboard session, or its CSRF token is missing or wrong.', {
    notSession: {
      summary: 'Not a session',
      code: 'forbidden',
      message: 'Only a dashboard session signs out; revoke an API key with DELETE /api/v1/auth/keys/{keyId}.',
    },
    csrf: {
      summary: 'No CSRF token',
      code: 'csrf_token_invalid',
      message:
        "A request signed in by the dashboard session that changes anything needs the session's CSRF token in the X-CSRF-Token header.",
    },
  })
  async signOut(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (principal.via !== 'session') {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        'forbidden',
        'Only a dashboard session signs out; revoke an API key with DELETE /api/v1/auth/keys/{keyId}.',
      );
    }
    void reply.header('set-cookie', await this.sessions.signOut(principal));
  }

  private describe(principal: Principal): MeDto {
    const identity = {
      workspace: { id: principal.workspaceId, name: principal.workspaceName },
      member: {
        id: principal.memberId,
        email: principal.memberEmail,
        name: principal.memberName,
        role: principal.role,
      },
    };
    if (principal.via === 'session') {
      const { idleExpiresAt, expiresAt } = this.sessions.expiries(principal);
      return {
        ...identity,
        via: 'session',
        key: null,
        session: {
          id: principal.sessionId,
          createdAt: principal.sessionCreatedAt.toISOString(),
          idleExpiresAt: idleExpiresAt.toISOString(),
          expiresAt: expiresAt.toISOString(),
          csrfToken: principal.csrfToken,
        },
      };
    }
    return {
      ...identity,
      via: 'api_key',
      key: {
        id: principal.keyId,
        name: principal.keyName,
        prefix: principal.keyPrefix,
        role: principal.role,
        createdAt: principal.keyCreatedAt.toISOString(),
        lastUsedAt: principal.keyLastUsedAt?.toISOString() ?? null,
      },
      session: null,
    };
  }

  @Get('keys')
  @Auth()
  @ApiOperation({
    operationId: 'listApiKeys',
    summary: "List your workspace's API keys (metadata only)",
    description:
      'Admins and owners see every key of the workspace; agents and viewers see their own. Oldest first; revoked keys included. Never a key value or hash.',
  })
  @ApiOkResponse({ description: 'One page of key metadata.', type: ApiKeyListDto })
  @ApiQueryErrors()
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<ApiKeyListDto> {
    return this.apiKeys.list(principal, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Post('keys')
  @Auth('admin')
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create a new API key',
    description:
      "The key acts with its member's role, which may not outrank the caller's. The value is in this response only; with `deferReveal: true` it is left out and can be fetched once within 15 minutes.",
  })
  @ApiCreatedResponse({
    description: "The key's metadata and, unless `deferReveal` was set, its value (its one showing).",
    type: CreatedApiKeyDto,
  })
  @ApiJsonBodyErrors()
  @Idempotent()
  @ApiErrorResponse(403, "The member's role is above the caller's: a key may not outrank its creator.", {
    outranks: {
      summary: 'Member outranks the caller',
      code: 'insufficient_role',
      message: 'A key may not outrank its creator: this key is admin, the member is owner.',
    },
  })
  @ApiErrorResponse(404, 'No member with `memberId` in this workspace.', {
    noSuchMember: { summary: 'No such member', code: 'not_found', message: 'No such member.' },
  })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(principal, body);
  }

  @Get('keys/:keyId')
  @Auth()
  @ApiOperation({
    operationId: 'getApiKey',
    summary: "Get one key's metadata",
    description:
      "Your own member's keys; admins and owners, any key of the workspace. Never the value or hash.",
  })
  @ApiOkResponse({ description: "The key's metadata.", type: ApiKeyDto })
  @KeyIdParam()
  async get(@CurrentPrincipal() principal: Principal, @Param('keyId') keyId: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.findVisible(principal, keyId));
  }

  @Post('keys/:keyId/reveal')
  @HttpCode(200)
  @Auth()
  @ApiOperation({
    operationId: 'revealApiKey',
    summary: 'Reveal the full key value (one-time after creation)',
    description:
      'For a key created with `deferReveal: true`, by the key that created it or an admin: returns the value exactly once within 15 minutes of creation; afterwards 410.',
  })
  @ApiOkResponse({ description: "The key's value, at its one showing.", type: RevealedApiKeyDto })
  @KeyIdParam()
  // Not @Idempotent(): the value is shown once, so no copy of the answer is stored or replayed.
  @ApiErrorResponse(403, 'The caller is below admin and is not the key that created this one.', {
    notCreator: {
      summary: 'Not the creating key',
      code: 'insufficient_role',
      message: 'Only the key that created this key, or an admin, can reveal it.',
    },
  })
  @ApiErrorResponse(410, 'Already revealed, window passed, revoked, or never deferred.', {
    gone: {
      summary: 'No longer revealable',
      code: 'gone',
      message:
        'This key can no longer be revealed: it was shown already, its 15-minute window passed, or it was revoked.',
    },
  })
  reveal(
    @CurrentPrincipal() principal: Principal,
    @Param('keyId') keyId: string,
  ): Promise<RevealedApiKeyDto> {
    return this.apiKeys.reveal(principal, keyId);
  }

  @Delete('keys/:keyId')
  @HttpCode(204)
  @Auth()
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: 'Revoke a key',
    description:
      'Your own key, or (admin and owner) any key of a member not above you. Takes effect at once.',
  })
  @ApiNoContentResponse({ description: 'Revoked (or already revoked).' })
  @KeyIdParam()
  @ApiErrorResponse(403, "The key belongs to a member above the caller's role.", {
    outranked: {
      summary: 'Key of a higher member',
      code: 'insufficient_role',
      message: "A admin key may not revoke a owner's key.",
    },
  })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('keyId') keyId: string): Promise<void> {
    await this.apiKeys.revoke(principal, keyId);
  }
}
