import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentPrincipal } from '../../common/decorators/auth.decorator';
import { ErrorResponseDto } from '../../common/http/error-response.dto';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../common/http/pagination';
import { ApiKeysService, toApiKeyDto } from './api-keys.service';
import {
  ApiKeyDto,
  ApiKeyListDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  MeDto,
  RevealedApiKeyDto,
} from './dto/api-key.dto';
import type { Principal } from './principal';

const NOT_FOUND = {
  description: 'No such key in this workspace (or not visible to this key).',
  type: ErrorResponseDto,
};

@ApiTags('Authentication')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get('me')
  @Auth()
  @ApiOperation({
    operationId: 'getMe',
    summary: 'Return the workspace and key identity authenticating this request',
  })
  @ApiOkResponse({ type: MeDto })
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
    description: 'Admins and owners see every key of the workspace; agents and viewers see their own.',
  })
  @ApiOkResponse({ type: ApiKeyListDto })
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
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiNotFoundResponse({ description: 'No such member in this workspace.', type: ErrorResponseDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(principal, body);
  }

  @Get('keys/:keyId')
  @Auth()
  @ApiOperation({ operationId: 'getApiKey', summary: "Get one key's metadata" })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse(NOT_FOUND)
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
  @ApiOkResponse({ type: RevealedApiKeyDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiGoneResponse({
    description: 'Already revealed, window passed, revoked, or never deferred.',
    type: ErrorResponseDto,
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
  @ApiNotFoundResponse(NOT_FOUND)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('keyId') keyId: string): Promise<void> {
    await this.apiKeys.revoke(principal, keyId);
  }
}
