import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiErrorResponse,
  ApiJsonBodyErrors,
  ApiQueryErrors,
  ApiResourceParam,
} from '../../common/decorators/api-docs.decorator';
import { Auth, CurrentPrincipal } from '../../common/decorators/auth.decorator';
import { Idempotent } from '../../common/idempotency/idempotency.decorator';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../common/http/pagination';
import { toApiKeyDto } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import {
  ApiKeyDto,
  ApiKeyListDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
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
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get('me')
  @Auth()
  @ApiOperation({
    operationId: 'getMe',
    summary: 'Return the workspace and key identity authenticating this request',
    description:
      'The workspace, member and API key behind this request: a cheap way to check a key works and what ' +
      'role it acts with.',
  })
  @ApiOkResponse({ description: 'The identity behind the API key of this request.', type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeDto {
    return {
      workspace: { id: principal.workspaceId, name: principal.workspaceName },
      member: {
        id: principal.memberId,
        email: principal.memberEmail,
        name: principal.memberName,
        role: principal.role,
      },
      key: {
        id: principal.keyId,
        name: principal.keyName,
        prefix: principal.keyPrefix,
        role: principal.role,
        createdAt: principal.keyCreatedAt.toISOString(),
        lastUsedAt: principal.keyLastUsedAt?.toISOString() ?? null,
      },
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
