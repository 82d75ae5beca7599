import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsISO8601, Matches } from 'class-validator';
import { ApiDateTimeProperty } from '../../../common/decorators/api-docs.decorator';
import { PageQueryDto } from '../../../common/http/pagination';
import {
  ESCALATION_REASONS,
  EVENT_TYPES,
  type EscalationReason,
  type EventEnvelope,
  type EventType,
} from '../event-types';
import { Omittable } from '../../../common/http/validation';

/*
 * The `data` of each event type: exactly the fields the public API reference lists (each webhook in `openapi.json`). The examples are one
 * conversation's story, shared with the webhook samples.
 */

export class MessageSentDataDto {
  /** @example "cnv_4a7b2" */
  conversationId!: string;
  /** @example "bot_4a7b2" */
  botId!: string;
  /** @example "ses_9Kq3LmX2pV7rT1wYz8BcDf" */
  sessionId!: string;
  /** @example "msg_6Tr2VbN8kLq3XzP1wM5sHd" */
  messageId!: string;
  /**
   * `widget` for the customer, `bot` for the bot, `api` for a team message sent with an API key,
   * `dashboard` for one a member sent from the dashboard.
   */
  @ApiProperty({ enum: ['widget', 'bot', 'api', 'dashboard'], example: 'api' })
  channel!: 'widget' | 'bot' | 'api' | 'dashboard';
  /** The bot's confidence in its answer, in [0, 1]; null for other messages. */
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, example: null })
  confidenceScore!: number | null;
  /** @example false */
  wasFallback!: boolean;
  @ApiDateTimeProperty({ example: '2026-03-14T09:24:03.512Z' })
  sentAt!: string;
}

export class LeadCapturedDataDto {
  /** @example "cnv_4a7b2" */
  conversationId!: string;
  /** @example "bot_4a7b2" */
  botId!: string;
  /** @example "lead_3Hk8WqP2nZr5VbX1cL9mTe" */
  leadId!: string;
  /** The captured fields: `email`, `name`, `phone` and any extra string fields. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { email: 'dana@example.com', name: 'Dana Reyes', phone: '+1 415 555 0134' },
  })
  capturedFields!: Record<string, string>;
  /** @example "ses_9Kq3LmX2pV7rT1wYz8BcDf" */
  sessionId!: string;
  @ApiDateTimeProperty({ example: '2026-03-14T09:25:10.004Z' })
  capturedAt!: string;
}

export class OrderLookupDataDto {
  /** @example "cnv_4a7b2" */
  conversationId!: string;
  /** @example "bot_4a7b2" */
  botId!: string;
  /** @example "ses_9Kq3LmX2pV7rT1wYz8BcDf" */
  sessionId!: string;
  /** The order reference the customer gave. @example "1001" */
  orderId!: string;
  /** Which kind of order source answered: `http`, or `sample` (orders listed in the bot's configuration). */
  @ApiProperty({ enum: ['http', 'sample', 'shopify'], example: 'http' })
  lookupSource!: 'http' | 'sample' | 'shopify';
  @ApiDateTimeProperty({ example: '2026-03-14T09:23:41.870Z' })
  lookedUpAt!: string;
}

export class ConversationFallbackDataDto {
  /** @example "cnv_4a7b2" */
  conversationId!: string;
  /** @example "bot_4a7b2" */
  botId!: string;
  /** @example "ses_9Kq3LmX2pV7rT1wYz8BcDf" */
  sessionId!: string;
  /** The customer message the bot could not answer. @example "can u do the thing w my acct" */
  lastMessage!: string;
  /** @example 0.18 */
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.18 })
  confidenceScore!: number;
  @ApiDateTimeProperty({ example: '2026-03-14T09:22:30.291Z' })
  fellBackAt!: string;
}

export class TranscriptEntryDto {
  @ApiProperty({ enum: ['customer', 'bot', 'team'], example: 'customer' })
  author!: 'customer' | 'bot' | 'team';
  /** @example "I want to talk to a human" */
  text!: string;
  @ApiDateTimeProperty({ example: '2026-03-14T09:26:02.117Z' })
  sentAt!: string;
}

export class ConversationEscalationDataDto {
  /** @example "cnv_4a7b2" */
  conversationId!: string;
  /** @example "bot_4a7b2" */
  botId!: string;
  /** @example "ses_9Kq3LmX2pV7rT1wYz8BcDf" */
  sessionId!: string;
  /** Why the bot handed over: the customer asked, or it fell back too often. */
  @ApiProperty({ enum: ESCALATION_REASONS, enumName: 'EscalationReason', example: 'customer_requested' })
  reason!: EscalationReason;
  /** The conversation's messages so far, oldest first. */
  transcript!: TranscriptEntryDto[];
  @ApiDateTimeProperty({ example: '2026-03-14T09:26:02.140Z' })
  escalatedAt!: string;
}

export class ConversationResolvedDataDto {
  /** @example "cnv_4a7b2" */
  conversationId!: string;
  /** @example "bot_4a7b2" */
  botId!: string;
  /** @example "ses_9Kq3LmX2pV7rT1wYz8BcDf" */
  sessionId!: string;
  @ApiDateTimeProperty({ example: '2026-03-14T09:31:15.002Z' })
  resolvedAt!: string;
}

/** The envelope's fields every event type shares. */
abstract class EventEnvelopeDto {
  /** Unique per event: receivers de-duplicate deliveries by it. @example "evt_2Wq8RtY5uI1oP3aS7dF9gH" */
  id!: string;
  @ApiDateTimeProperty({ example: '2026-03-14T09:24:03.512Z' })
  createdAt!: string;
  /** @example "ws_7Hd2KqL9mXp3VbN8cR1tZw" */
  workspaceId!: string;
}

/*
 * One envelope per event type, its `type` a single value and its `data` the type's own schema, so
 * that the `Event` union can be discriminated by `type` and a generated client types every payload.
 */

export class MessageSentEventDto extends EventEnvelopeDto {
  @ApiProperty({ enum: ['message.sent'], example: 'message.sent' })
  type!: 'message.sent';
  data!: MessageSentDataDto;
}

export class LeadCapturedEventDto extends EventEnvelopeDto {
  @ApiProperty({ enum: ['lead.captured'], example: 'lead.captured' })
  type!: 'lead.captured';
  data!: LeadCapturedDataDto;
}

export class OrderLookupEventDto extends EventEnvelopeDto {
  @ApiProperty({ enum: ['order.lookup'], example: 'order.lookup' })
  type!: 'order.lookup';
  data!: OrderLookupDataDto;
}

export class ConversationFallbackEventDto extends EventEnvelopeDto {
  @ApiProperty({ enum: ['conversation.fallback'], example: 'conversation.fallback' })
  type!: 'conversation.fallback';
  data!: ConversationFallbackDataDto;
}

export class ConversationEscalationEventDto extends EventEnvelopeDto {
  @ApiProperty({ enum: ['conversation.escalation'], example: 'conversation.escalation' })
  type!: 'conversation.escalation';
  data!: ConversationEscalationDataDto;
}

export class ConversationResolvedEventDto extends EventEnvelopeDto {
  @ApiProperty({ enum: ['conversation.resolved'], example: 'conversation.resolved' })
  type!: 'conversation.resolved';
  data!: ConversationResolvedDataDto;
}

export const EVENT_DTOS = {
  'message.sent': MessageSentEventDto,
  'lead.captured': LeadCapturedEventDto,
  'order.lookup': OrderLookupEventDto,
  'conversation.fallback': ConversationFallbackEventDto,
  'conversation.escalation': ConversationEscalationEventDto,
  'conversation.resolved': ConversationResolvedEventDto,
} satisfies { [T in EventType]: new () => { type: T } };

/** The name of the schema of any event: one of the envelopes above, told apart by `type`. */
export const EVENT_SCHEMA = 'Event';

/** `Event`: the union of the envelopes, discriminated by `type` (see `ApiDocumentParts`). */
export const EVENT_UNION_SCHEMA = {
  description:
    'An event as webhooks deliver it and `GET /api/v1/events` lists it; `type` says which `data` it has.',
  oneOf: Object.values(EVENT_DTOS).map((dto) => ({ $ref: getSchemaPath(dto) })),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(Object.entries(EVENT_DTOS).map(([type, dto]) => [type, getSchemaPath(dto)])),
  },
};

/** A property holding one event (or, with `isArray`, a list of them). */
export const ApiEventProperty = (
  options: { description?: string; isArray?: boolean } = {},
): PropertyDecorator =>
  options.isArray
    ? ApiProperty({
        type: 'array',
        items: { $ref: getSchemaPath(EVENT_SCHEMA) },
        description: options.description,
      })
    : ApiProperty({ allOf: [{ $ref: getSchemaPath(EVENT_SCHEMA) }], description: options.description });

export class EventListDto {
  @ApiEventProperty({ isArray: true })
  events!: EventEnvelope[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}

export class EventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EVENT_TYPES, enumName: 'EventType', description: 'Only events of this type.' })
  @Omittable()
  @IsIn(EVENT_TYPES)
  type?: EventType;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-03-14T00:00:00Z',
    description: 'Only events created at or after this time (at most 30 days back).',
  })
  @Omittable()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    default: 'asc',
    description:
      'By position in the feed: oldest first (`asc`, the default) or newest first (`desc`). Follow ' +
      '`nextCursor` with the same `order`; newest first, events that arrive meanwhile land above the ' +
      'first page, so the pages below it never change.',
  })
  @Omittable()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({
    type: String,
    pattern: '^(now|evt_[0-9A-Za-z]{1,60})$',
    description:
      'Start after this point instead of at the oldest event (oldest first only; not with `cursor`). ' +
      '`now`: no events, and a `nextCursor` at the head of the feed that lists only events committed ' +
      'from now on. An event id (`evt_…`, say the last one a webhook delivered): the events listed after it.',
  })
  @Omittable()
  @Matches(/^(now|evt_[0-9A-Za-z]{1,60})$/, { message: 'after must be "now" or an event id (evt_…)' })
  after?: string;
}
