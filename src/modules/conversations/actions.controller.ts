import { EntityManager } from '@mikro-orm/postgresql';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponse, ApiJsonBodyErrors } from '../../common/decorators/api-docs.decorator';
import { Auth, CurrentPrincipal } from '../../common/decorators/auth.decorator';
import { Idempotent } from '../../common/idempotency/idempotency.decorator';
import type { Principal } from '../../common/auth/principal';
import { parseCapturedFields } from './captured-fields';
import { ConversationsService } from './conversations.service';
import {
  CreatedLeadDto,
  CreateLeadDto,
  ResolveConversationDto,
  ResolvedConversationDto,
  SendMessageDto,
  SentMessageDto,
} from './dto/action.dto';

/**
 * Who a team write is stamped with: the key that sent it (channel and source `api`), or the member
 * signed in to the dashboard (`dashboard`).
 */
function authorOf(principal: Principal) {
  return principal.via === 'session'
    ? ({ channel: 'dashboard', apiKeyId: null, memberId: principal.memberId } as const)
    : ({ channel: 'api', apiKeyId: principal.keyId, memberId: null } as const);
}

const ConversationNotFound = () =>
  ApiErrorResponse(
    404,
    "No conversation with this id in the key's workspace (another workspace's answers the same).",
    {
      notFound: { summary: 'No such conversation', code: 'not_found', message: 'No such conversation.' },
    },
  );

/**
 * Actions on live conversations (agent role or higher). Each runs in one transaction with the
 * events it emits, so an action and its outbox rows commit or roll back together.
 */
@ApiTags('Actions')
@Controller('api/v1/actions')
export class ActionsController {
  constructor(
    private readonly em: EntityManager,
    private readonly conversations: ConversationsService,
  ) {}

  @Post('send-message')
  @Auth('agent')
  @ApiOperation({
    operationId: 'sendMessage',
    summary: 'Inject a message into a conversation as your team',
    description:
      'The customer sees the message in the same chat window. The bot pauses on this thread (`handler: team`) ' +
      'until the conversation is resolved; a resolved conversation re-opens. `message.sent` fires with ' +
      '`channel: "api"` and the message is stamped with the id of the key that sent it; sent from the ' +
      'dashboard (a session), the channel is `dashboard` and the message is stamped with the member.',
  })
  @ApiCreatedResponse({ description: 'The message was stored and the bot paused.', type: SentMessageDto })
  @ApiJsonBodyErrors()
  @ConversationNotFound()
  @Idempotent()
  sendMessage(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SendMessageDto,
  ): Promise<SentMessageDto> {
    const author = authorOf(principal);
    return this.em.transactional(async (em) => {
      const sent = await this.conversations.appendMessage(
        em,
        principal.workspaceId,
        body.conversationId,
        { author: 'team', text: body.message, ...author },
        { handler: 'team', reopen: true },
      );
      return {
        messageId: sent.messageId,
        conversationId: sent.conversation.id,
        channel: author.channel,
        sentAt: sent.sentAt,
        handler: 'team',
      };
    });
  }

  @Post('create-lead')
  @Auth('agent')
  @ApiOperation({
    operationId: 'createLead',
    summary: 'Record a lead capture from a conversation',
    description:
      '`lead.captured` fires. The lead is stamped with the id of the key that recorded it (`source: api`), ' +
      'or, recorded from the dashboard, with the member (`source: dashboard`).',
  })
  @ApiCreatedResponse({ description: 'The lead was recorded.', type: CreatedLeadDto })
  @ApiJsonBodyErrors()
  @ConversationNotFound()
  @Idempotent()
  createLead(@CurrentPrincipal() principal: Principal, @Body() body: CreateLeadDto): Promise<CreatedLeadDto> {
    const capturedFields = parseCapturedFields(body.capturedFields);
    const { channel: source, apiKeyId, memberId } = authorOf(principal);
    return this.em.transactional(async (em) => {
      const lead = await this.conversations.createLead(em, principal.workspaceId, body.conversationId, {
        capturedFields,
        source,
        apiKeyId,
        memberId,
      });
      return {
        leadId: lead.leadId,
        conversationId: body.conversationId,
        capturedFields,
        capturedAt: lead.capturedAt,
      };
    });
  }

  @Post('resolve-conversation')
  @Auth('agent')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'resolveConversation',
    summary: 'Mark a conversation resolved; bot resumes on next message',
    description:
      'Idempotent: resolving a resolved conversation answers the same `resolvedAt` and emits nothing. ' +
      '`conversation.resolved` fires the first time. The customer’s next message re-opens the conversation ' +
      'and the bot answers it.',
  })
  @ApiOkResponse({ description: 'The conversation is resolved.', type: ResolvedConversationDto })
  @ApiJsonBodyErrors()
  @ConversationNotFound()
  @Idempotent()
  resolveConversation(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ResolveConversationDto,
  ): Promise<ResolvedConversationDto> {
    return this.em.transactional(async (em) => {
      const { resolvedAt } = await this.conversations.resolve(em, principal.workspaceId, body.conversationId);
      return { conversationId: body.conversationId, status: 'resolved', resolvedAt };
    });
  }
}
