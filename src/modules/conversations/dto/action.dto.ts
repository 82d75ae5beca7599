import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NOT_EMPTY } from '../../../common/http/validation';
import { ApiDateTimeProperty } from '../../../common/decorators/api-docs.decorator';
import { FIELD_NAME, KNOWN_FIELD_LIMITS, MAX_EXTRA_FIELDS, MAX_FIELD_VALUE_LENGTH } from '../captured-fields';
import { HANDLERS, type Handler } from '../conversation-states';

export const MAX_MESSAGE_LENGTH = 5000;

export class SendMessageDto {
  /** @example "cnv_4a7b2" */
  @IsString()
  @MinLength(1, NOT_EMPTY)
  @MaxLength(64)
  conversationId!: string;

  /**
   * The text the customer sees, as your team.
   * @example "Hi — Sarah from Support here."
   */
  @IsString()
  @MinLength(1, NOT_EMPTY)
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

/**
 * What `parseCapturedFields` accepts, as a schema: values are trimmed before they are checked, so
 * the patterns allow surrounding whitespace.
 */
const CAPTURED_FIELDS_SCHEMA = {
  type: 'object',
  minProperties: 1,
  maxProperties: Object.keys(KNOWN_FIELD_LIMITS).length + MAX_EXTRA_FIELDS,
  propertyNames: { pattern: FIELD_NAME.source },
  properties: {
    email: {
      type: 'string',
      format: 'email',
      maxLength: KNOWN_FIELD_LIMITS.email,
      example: 'dana@example.com',
    },
    name: { type: 'string', pattern: '\\S', maxLength: KNOWN_FIELD_LIMITS.name, example: 'Dana Reyes' },
    phone: {
      type: 'string',
      pattern: '^\\s*\\+?[ ().-]*(?:[0-9][ ().-]*){7,15}\\s*$',
      maxLength: KNOWN_FIELD_LIMITS.phone,
      example: '+1 415 555 0134',
    },
  },
  additionalProperties: { type: 'string', pattern: '\\S', maxLength: MAX_FIELD_VALUE_LENGTH },
  example: { email: 'dana@example.com', name: 'Dana Reyes', phone: '+1 415 555 0134', plan: 'pro' },
} as const;

export class CreateLeadDto {
  /** @example "cnv_4a7b2" */
  @IsString()
  @MinLength(1, NOT_EMPTY)
  @MaxLength(64)
  conversationId!: string;

  /**
   * At least one field: `email` (an address), `phone` (7–15 digits, optionally `+`, spaces,
   * dashes, dots, brackets), `name`, and up to 20 extra fields (names of letters, digits and `_`,
   * up to 64 characters; string values up to 1,000 characters).
   */
  @ApiProperty(CAPTURED_FIELDS_SCHEMA)
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
  @MinLength(1, NOT_EMPTY)
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
