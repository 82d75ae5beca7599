import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsObject, Matches, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ApiDateTimeProperty } from '../../../common/decorators/api-docs.decorator';
import { MESSAGE_AUTHORS, type MessageAuthor } from '../../conversations/conversation-states';
import { MAX_MESSAGE_LENGTH } from '../../conversations/dto/action.dto';
import { NOT_EMPTY, Omittable } from '../../../common/http/validation';

export class WidgetCustomerDto {
  /** @example "Dana Reyes" */
  @Omittable()
  @IsString()
  @MinLength(1, NOT_EMPTY)
  @MaxLength(200)
  name?: string;

  /** @example "dana@example.com" */
  @Omittable()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class CreateWidgetSessionDto {
  /** What the customer has told about themselves, if anything. */
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => WidgetCustomerDto)
  customer?: WidgetCustomerDto;
}

/** A message as the customer's chat window shows it. */
export class WidgetMessageDto {
  /** @example "msg_6Tr2VbN8kLq3XzP1wM5sHd" */
  id!: string;
  @ApiProperty({ enum: MESSAGE_AUTHORS, enumName: 'MessageAuthor', example: 'bot' })
  author!: MessageAuthor;
  /** @example "Hi! How can I help?" */
  text!: string;
  @ApiDateTimeProperty({ example: '2026-03-14T09:21:47.120Z' })
  sentAt!: string;
}

export class WidgetSessionDto {
  /** @example "ses_8Kd2WqN5zLr1VbX7cP3mTe" */
  sessionId!: string;
  /** @example "cnv_4a7b2" */
  conversationId!: string;
  /**
   * Send as `Authorization: Bearer <sessionToken>` with the session's messages. Shown once; stored
   * only as its SHA-256.
   * @example "nhx_wt_3Hk8WqP2nZr5VbX1cL9mTe4Yd7Fs0Ga6Jp2Qu5Rx"
   */
  sessionToken!: string;
  /** The bot's greeting. */
  messages!: WidgetMessageDto[];
}

export class PostWidgetMessageDto {
  /** @example "What are your opening hours?" */
  @IsString()
  @Matches(/\S/, { message: 'text must not be blank' })
  @MaxLength(MAX_MESSAGE_LENGTH)
  text!: string;
}

export class WidgetMessagesDto {
  /** Oldest first. */
  messages!: WidgetMessageDto[];
}

export class WidgetMessagesQueryDto {
  // No example: the docs page's Try it out would send it, and only this session's ids are valid.
  /** Only messages after this one (a message id of this session); all messages when absent. */
  @Omittable()
  @IsString()
  @MaxLength(64)
  after?: string;
}
