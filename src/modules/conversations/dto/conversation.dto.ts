import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, MaxLength } from 'class-validator';
import { ApiDateTimeProperty } from '../../../common/decorators/api-docs.decorator';
import { PageQueryDto } from '../../../common/http/pagination';
import {
  CHANNELS,
  CONVERSATION_STATUSES,
  HANDLERS,
  MESSAGE_AUTHORS,
  type Channel,
  type ConversationStatus,
  type Handler,
  type MessageAuthor,
} from '../conversation-states';
import { Omittable } from '../../../common/http/validation';

export class CustomerDto {
  /** @example "Dana Reyes" */
  name!: string | null;
  /** @example "dana@example.com" */
  email!: string | null;
}

/** A conversation as lists show it. */
export class ConversationDto {
  /** @example "cnv_4a7b2" */
  id!: string;
  /** @example "bot_4a7b2" */
  botId!: string;
  /** The widget session the customer chats in. @example "ses_9Kq3LmX2pV7rT1wYz8BcDf" */
  sessionId!: string;
  @ApiProperty({ enum: CONVERSATION_STATUSES, enumName: 'ConversationStatus', example: 'open' })
  status!: ConversationStatus;
  /** Who answers the customer: `team` means the bot is paused on this thread. */
  @ApiProperty({ enum: HANDLERS, enumName: 'ConversationHandler', example: 'bot' })
  handler!: Handler;
  customer!: CustomerDto;
  /** @example 6 */
  messageCount!: number;
  @ApiDateTimeProperty({ example: '2026-03-14T09:21:47.120Z' })
  createdAt!: string;
  /** The time of the last message or status change; lists sort by it. */
  @ApiDateTimeProperty({ example: '2026-03-14T09:24:03.512Z' })
  updatedAt!: string;
  @ApiDateTimeProperty({ example: null })
  resolvedAt!: string | null;
  @ApiDateTimeProperty({ example: null })
  escalatedAt!: string | null;
}

export class MessageDto {
  /** @example "msg_6Tr2VbN8kLq3XzP1wM5sHd" */
  id!: string;
  @ApiProperty({ enum: MESSAGE_AUTHORS, enumName: 'MessageAuthor', example: 'team' })
  author!: MessageAuthor;
  @ApiProperty({ enum: CHANNELS, enumName: 'MessageChannel', example: 'api' })
  channel!: Channel;
  /** @example "Hi — Sarah from Support here." */
  text!: string;
  /** The bot's confidence in its answer, in [0, 1]; null for other messages. */
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, example: null })
  confidenceScore!: number | null;
  /** True when the bot could not answer and sent its fallback message. @example false */
  wasFallback!: boolean;
  /** The API key that sent the message; null unless sent through the API. @example "key_5Hq2VdXk9LmN3pR7sT1wYz" */
  apiKeyId!: string | null;
  /** The member who sent the message from the dashboard (`channel: dashboard`); null otherwise. */
  @ApiProperty({ type: String, nullable: true, example: 'mem_8Jd3KfLq2WxP0sZc7VbN1m' })
  memberId!: string | null;
  @ApiDateTimeProperty({ example: '2026-03-14T09:24:03.512Z' })
  sentAt!: string;
}

/** A conversation with its messages, oldest first. */
export class ConversationDetailDto extends ConversationDto {
  messages!: MessageDto[];
  /** True when the conversation has more messages than the latest 500 returned here. @example false */
  messagesTruncated!: boolean;
}

export class ConversationListDto {
  conversations!: ConversationDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}

export class ConversationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: String,
    example: 'bot_4a7b2',
    description: 'Only conversations with this bot.',
  })
  @Omittable()
  @IsString()
  @MaxLength(64)
  botId?: string;

  @ApiPropertyOptional({
    enum: CONVERSATION_STATUSES,
    enumName: 'ConversationStatus',
    description: 'Only conversations in this status.',
  })
  @Omittable()
  @IsIn(CONVERSATION_STATUSES)
  status?: ConversationStatus;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-03-14T00:00:00Z',
    description: 'Only conversations updated at or after this time.',
  })
  @Omittable()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;

  @ApiPropertyOptional({
    enum: ['desc', 'asc'],
    default: 'desc',
    description: 'By `updatedAt`: newest first (`desc`, the default) or oldest first.',
  })
  @Omittable()
  @IsIn(['desc', 'asc'])
  order?: 'desc' | 'asc';
}
