import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsString, Matches, MaxLength } from 'class-validator';
import { ApiDateTimeProperty } from '../../../common/decorators/api-docs.decorator';
import { HANDLERS, type Handler } from '../conversation-states';

export const MAX_MESSAGE_LENGTH = 5000;

export class SendMessageDto {
  /** @example "cnv_4a7b2" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  conversationId!: string;

  /**
   * The text the customer sees, as your team.
   * @example "Hi — Sarah from Support here."
   */
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'message must contain text, not only spaces' })
  @MaxLength(MAX_MESSAGE_LENGTH)
  message!: string;
}

export class SentMessageDto {
  /** @example "msg_6Tr2VbN8kLq3XzP1wM5sHd" */
  messageId!: string;
  /** @example "cnv_4a7b2" */
  conversationId!: string;
  /** `api` when sent with an API key, `dashboard` when sent by a member signed in to the dashboard. */
  @ApiProperty({ enum: ['api', 'dashboard'], example: 'api' })
  channel!: 'api' | 'dashboard';
  @ApiDateTimeProperty({ example: '2026-03-14T09:24:03.512Z' })
  sentAt!: string;
  /** Always `team`: the bot pauses on this thread until the conversation is resolved. */
  @ApiProperty({ enum: HANDLERS, enumName: 'ConversationHandler', example: 'team' })
  handler!: Handler;
}

export class CreateLeadDto {
  /** @example "cnv_4a7b2" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  conversationId!: string;

  /**
   * At least one field: `email` (an address), `phone` (7–15 digits, optionally `+`, spaces,
   * dashes, dots, brackets), `name`, and up to 20 extra fields (names of letters, digits and `_`,
   * up to 64 characters; string values up to 1,000 characters).
   */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { email: 'dana@example.com', name: 'Dana Reyes', phone: '+1 415 555 0134', plan: 'pro' },
  })
  @IsObject()
  capturedFields!: Record<string, string>;
}

export class CreatedLeadDto {
  /** @example "lead_3Hk8WqP2nZr5VbX1cL9mTe" */
  leadId!: string;
  /** @example "cnv_4a7b2" */
  conversationId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { email: 'dana@example.com', name: 'Dana Reyes', phone: '+1 415 555 0134', plan: 'pro' },
  })
  capturedFields!: Record<string, string>;
  @ApiDateTimeProperty({ example: '2026-03-14T09:25:10.004Z' })
  capturedAt!: string;
}

export class ResolveConversationDto {
  /** @example "cnv_4a7b2" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  conversationId!: string;
}

export class ResolvedConversationDto {
  /** @example "cnv_4a7b2" */
  conversationId!: string;
  @ApiProperty({ enum: ['resolved'], example: 'resolved' })
  status!: 'resolved';
  /** When the conversation was resolved: the first time, when resolved again. */
  @ApiDateTimeProperty({ example: '2026-03-14T09:31:15.002Z' })
  resolvedAt!: string;
}
