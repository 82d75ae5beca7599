import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiQueryErrors, ApiResourceParam } from '../../common/decorators/api-docs.decorator';
import { Auth, CurrentPrincipal } from '../../common/decorators/auth.decorator';
import { DEFAULT_PAGE_SIZE } from '../../common/http/pagination';
import type { Principal } from '../../common/auth/principal';
import { ConversationsService } from './conversations.service';
import { ConversationDetailDto, ConversationListDto, ConversationQueryDto } from './dto/conversation.dto';

@ApiTags('Conversations')
@Controller('api/v1/conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listConversations',
    summary: 'List conversations with filters (botId, status, since)',
    description:
      'By last activity (`updatedAt`), newest first unless `order=asc`. Filters combine. Paging by cursor ' +
      'is stable: a page deep in the list costs what the first one does, and conversations created while ' +
      'you page (newest first) do not shift the pages you have not read yet.',
  })
  @ApiOkResponse({ description: "One page of the workspace's conversations.", type: ConversationListDto })
  @ApiQueryErrors()
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ConversationQueryDto,
  ): Promise<ConversationListDto> {
    return this.conversations.list(principal.workspaceId, {
      botId: query.botId,
      status: query.status,
      since: query.since === undefined ? undefined : new Date(query.since),
      order: query.order ?? 'desc',
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
  }

  @Get(':conversationId')
  @Auth()
  @ApiOperation({
    operationId: 'getConversation',
    summary: 'Get a conversation with its messages',
    description: `Its messages oldest first: the latest ${500} at most (\`messagesTruncated\` says when there are more).`,
  })
  @ApiResourceParam('conversationId', { resource: 'conversation', kind: 'conversation' })
  @ApiOkResponse({ description: 'The conversation and its messages.', type: ConversationDetailDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('conversationId') conversationId: string,
  ): Promise<ConversationDetailDto> {
    return this.conversations.get(principal.workspaceId, conversationId);
  }
}
