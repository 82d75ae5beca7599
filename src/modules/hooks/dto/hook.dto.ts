import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ApiDateTimeProperty } from '../../../common/decorators/api-docs.decorator';
import { PageQueryDto } from '../../../common/http/pagination';
import { EVENT_TYPES, type EventType } from '../../events/event-types';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../delivery.entity';
import { HOOK_STATUSES, type HookStatus } from '../hook-subscription.entity';
import { NOT_EMPTY, Omittable } from '../../../common/http/validation';

export class CreateHookDto {
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType', example: 'conversation.escalation' })
  @IsIn(EVENT_TYPES)
  event!: EventType;

  /**
   * Where deliveries are POSTed: an `https` URL on a public address (private, loopback and
   * link-local addresses are refused, also when a name resolves to them at delivery time).
   * @example "https://yourapp.com/hooks/nebulahex"
   */
  @IsString()
  @MinLength(1, NOT_EMPTY)
  @MaxLength(2048)
  targetUrl!: string;

  /** @example "Escalations to our ticketing system" */
  @Omittable()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class AttemptDto {
  /** 1 for the first attempt. @example 1 */
  attempt!: number;
  @ApiDateTimeProperty({ example: '2026-03-14T09:26:02.311Z' })
  startedAt!: string;
  /** The receiver's HTTP status; null when no response came. */
  @ApiProperty({ type: Number, nullable: true, example: 200 })
  statusCode!: number | null;
  /** @example 143 */
  latencyMs!: number;
  /** The first 1 KiB of the receiver's answer. */
  @ApiProperty({ type: String, nullable: true, example: '{"ok":true}' })
  responseSnippet!: string | null;
  /** What went wrong: `HTTP 500`, `timed out after 15000 ms`, a refused connection… */
  @ApiProperty({ type: String, nullable: true, example: null })
  error!: string | null;
  /** @example true */
  succeeded!: boolean;
}

export class DeliveryDto {
  /** @example "dlv_8Nb3QwE5rT7yU1iO9pA2sD" */
  deliveryId!: string;
  /** The event delivered; receivers de-duplicate by it. @example "evt_5Zt1UvB8xL4rS6dV0gI2jM" */
  eventId!: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType', example: 'conversation.escalation' })
  eventType!: EventType;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus', example: 'succeeded' })
  status!: DeliveryStatus;
  /** @example 1 */
  attemptCount!: number;
  /** When the next attempt is due; null unless pending. */
  @ApiDateTimeProperty({ example: null })
  nextAttemptAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 200 })
  lastStatusCode!: number | null;
  @ApiDateTimeProperty({ example: '2026-03-14T09:26:02.150Z' })
  createdAt!: string;
  @ApiDateTimeProperty({ example: '2026-03-14T09:26:02.455Z' })
  completedAt!: string | null;
  /** Every attempt, oldest first. */
  attempts!: AttemptDto[];
}

export class LastDeliveryDto {
  /** @example "dlv_8Nb3QwE5rT7yU1iO9pA2sD" */
  deliveryId!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus', example: 'succeeded' })
  status!: DeliveryStatus;
  @ApiProperty({ type: Number, nullable: true, example: 200 })
  lastStatusCode!: number | null;
  @ApiDateTimeProperty({ example: '2026-03-14T09:26:02.150Z' })
  createdAt!: string;
}

export class HookDto {
  /** @example "hook_2Kd8LmQ4nR7sT1vW3xY5zA" */
  hookId!: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType', example: 'conversation.escalation' })
  event!: EventType;
  /** @example "https://yourapp.com/hooks/nebulahex" */
  targetUrl!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Escalations to our ticketing system' })
  description!: string | null;
  /** `paused` after `410 Gone` or a delivery that exhausted its attempts: nothing is sent until resumed. */
  @ApiProperty({ enum: HOOK_STATUSES, enumName: 'HookStatus', example: 'active' })
  status!: HookStatus;
  @ApiDateTimeProperty({ example: null })
  pausedAt!: string | null;
  /** Why the subscription was paused. */
  @ApiProperty({ type: String, nullable: true, example: null })
  pauseReason!: string | null;
  /** Failed attempts since the last success. @example 0 */
  consecutiveFailures!: number;
  @ApiDateTimeProperty({ example: '2026-03-14T09:21:47.120Z' })
  createdAt!: string;
  /** The most recent delivery, if any. */
  @ApiProperty({ type: LastDeliveryDto, nullable: true })
  lastDelivery!: LastDeliveryDto | null;
}

export class CreatedHookDto {
  /** @example "hook_2Kd8LmQ4nR7sT1vW3xY5zA" */
  hookId!: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType', example: 'conversation.escalation' })
  event!: EventType;
  /** @example "https://yourapp.com/hooks/nebulahex" */
  targetUrl!: string;
  @ApiProperty({ type: String, nullable: true, example: null })
  description!: string | null;
  @ApiProperty({ enum: ['active'], example: 'active' })
  status!: 'active';
  @ApiDateTimeProperty({ example: '2026-03-14T09:21:47.120Z' })
  createdAt!: string;
  /**
   * The key that signs deliveries (`whsec_` + base64 of 32 bytes). Shown once: store it server-side.
   * @example "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw6s3Vb4bXZrA="
   */
  signingSecret!: string;
}

export class RotatedSecretDto {
  /** @example "hook_2Kd8LmQ4nR7sT1vW3xY5zA" */
  hookId!: string;
  /** The new secret, shown once. @example "whsec_Xq1LrU6pT0yC8vB3nM5kJ2hG9fD4sA7zW1eR6tY3uI0=" */
  signingSecret!: string;
  /** Until then, deliveries carry signatures by the old secret too. */
  @ApiDateTimeProperty({ example: '2026-03-15T09:21:47.120Z' })
  previousSecretExpiresAt!: string;
}

export class HookListDto {
  hooks!: HookDto[];
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}

export class DeliveryListDto {
  deliveries!: DeliveryDto[];
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: DELIVERY_STATUSES,
    enumName: 'DeliveryStatus',
    description: 'Only deliveries in this status.',
  })
  @Omittable()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class ResumeHookDto {
  /**
   * Also deliver the events of this type created while the subscription was paused (up to 30 days),
   * and retry the deliveries its pause cancelled.
   * @example true
   */
  @Omittable()
  @IsBoolean()
  replay?: boolean;
}

export class TestDeliveryDto {
  /** True when the endpoint answered 2xx in time. @example true */
  delivered!: boolean;
  /** The sample envelope that was sent (its `id` is new on every test). */
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { id: 'evt_…', type: 'conversation.escalation' },
  })
  payload!: Record<string, unknown>;
  /** The headers sent, signatures included. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'X-NebulaHex-Event': 'conversation.escalation' },
  })
  requestHeaders!: Record<string, string>;
  @ApiProperty({ type: Number, nullable: true, example: 200 })
  statusCode!: number | null;
  /** @example 143 */
  latencyMs!: number;
  @ApiProperty({ type: String, nullable: true, example: '{"ok":true}' })
  responseSnippet!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  error!: string | null;
}

export class RetriedDeliveryDto {
  /** @example "dlv_8Nb3QwE5rT7yU1iO9pA2sD" */
  deliveryId!: string;
  @ApiProperty({ enum: ['pending'], example: 'pending' })
  status!: 'pending';
}
