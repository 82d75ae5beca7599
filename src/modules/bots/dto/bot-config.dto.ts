import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { Omittable } from '../../../common/http/validation';

export const MAX_KNOWLEDGE_BASE_ENTRIES = 500;
export const MAX_BOT_TEXT_LENGTH = 2000;

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
// Visible ASCII and spaces, no CR/LF: a header value cannot smuggle another header.
const HEADER_VALUE = /^[\x20-\x7e\t]{0,2000}$/;

/**
 * An object of string keys to values, `min` to `max` entries, each entry accepted by `entry`:
 * the shape of `headers` and of a sample source's `orders`.
 */
function IsStringMap(rule: {
  name: string;
  min: number;
  max: number;
  entry: (key: string, value: unknown) => boolean;
  message: string;
}): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: rule.name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length >= rule.min &&
            entries.length <= rule.max &&
            entries.every(([key, entry]) => rule.entry(key, entry))
          );
        },
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${rule.message}`,
      },
    });
}

/** `headers`: an object of header names to string values, at most 20. */
const IsHeaderMap = (): PropertyDecorator =>
  IsStringMap({
    name: 'isHeaderMap',
    min: 0,
    max: 20,
    entry: (name, header) =>
      HEADER_NAME.test(name) && typeof header === 'string' && HEADER_VALUE.test(header),
    message: 'must map at most 20 header names to string values without line breaks',
  });

/** Order ids that stand in for a customer's when a template is checked. */
export const SAMPLE_ORDER_IDS = ['1001', '20250417'] as const;

/**
 * An http(s) URL with an `{orderId}` placeholder after its origin: where a request goes may not
 * depend on what a customer types (`https://21307{orderId}/` is 127.0.0.1 for order 06433).
 */
function IsOrderUrlTemplate(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isOrderUrlTemplate',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || !value.includes('{orderId}')) return false;
          try {
            const [url, other] = SAMPLE_ORDER_IDS.map((id) => new URL(value.replaceAll('{orderId}', id)));
            return (
              (url.protocol === 'https:' || url.protocol === 'http:') &&
              !url.username &&
              !url.password &&
              url.origin === other.origin
            );
          } catch {
            return false;
          }
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be an http(s) URL without credentials, containing {orderId} after the host`,
      },
    });
}

export class KnowledgeBaseEntryDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  question!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BOT_TEXT_LENGTH)
  answer!: string;

  /** Words or phrases that, when the customer uses them, make this entry more likely. */
  @Omittable()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  keywords?: string[];
}

/** The kinds of order source: an HTTP JSON endpoint, or orders listed in the configuration itself. */
export const ORDER_SOURCE_TYPES = ['http', 'sample'] as const;
export type OrderSourceType = (typeof ORDER_SOURCE_TYPES)[number];

/** At most this many orders in a `sample` source: it is for demos and tests, not a shop's catalogue. */
export const MAX_SAMPLE_ORDERS = 100;
/** A sample order's id: what a customer's reference (`#1001`, `order 1001`) is read as. */
const SAMPLE_ORDER_ID = /^\d{1,20}$/;

/** A field that belongs to one kind of order source only: refused on the other. */
function OnlyForType(type: OrderSourceType): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'onlyForOrderSourceType',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown, args?: ValidationArguments): boolean {
          const given = (args?.object as { type?: unknown }).type;
          // An unknown type is reported on `type` alone.
          return (
            value === undefined ||
            given === type ||
            !(ORDER_SOURCE_TYPES as readonly unknown[]).includes(given)
          );
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} is only for an order source of type "${type}"`,
      },
    });
}

/** `orders` of a `sample` source: order ids (digits) to a status, 1 to 100 of them. */
const IsSampleOrders = (): PropertyDecorator =>
  IsStringMap({
    name: 'isSampleOrders',
    min: 1,
    max: MAX_SAMPLE_ORDERS,
    entry: (id, status) =>
      SAMPLE_ORDER_ID.test(id) && typeof status === 'string' && status.trim() !== '' && status.length <= 200,
    message: `must map 1 to ${MAX_SAMPLE_ORDERS} order ids (digits) to a status (1 to 200 characters)`,
  });

/**
 * Where the bot looks an order up. `http`: a JSON endpoint (`urlTemplate`, `headers`). `sample`:
 * the `orders` listed here, for demos and trying a bot out without a shop behind it.
 */
export class OrderSourceDto {
  @IsIn(ORDER_SOURCE_TYPES)
  type!: OrderSourceType;

  @ValidateIf((source: OrderSourceDto) => source.type !== 'sample' || source.urlTemplate !== undefined)
  @IsOrderUrlTemplate()
  @MaxLength(2000)
  @OnlyForType('http')
  urlTemplate?: string;

  @Omittable()
  @IsObject()
  @IsHeaderMap()
  @OnlyForType('http')
  headers?: Record<string, string>;

  @ValidateIf((source: OrderSourceDto) => source.type === 'sample' || source.orders !== undefined)
  @IsSampleOrders()
  @OnlyForType('sample')
  orders?: Record<string, string>;
}

/**
 * A bot's configuration, as `nebulahex bot create --config FILE` reads it. Every field is optional
 * (defaults in `bot-config.ts`); an unknown field is an error.
 */
export class BotConfigDto {
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BOT_TEXT_LENGTH)
  greeting?: string;

  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BOT_TEXT_LENGTH)
  fallbackMessage?: string;

  /** Answers scoring below this (0–1) are fallbacks. */
  @Omittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidenceThreshold?: number;

  /** Consecutive fallbacks that hand the conversation to the team. */
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(100)
  fallbackLimit?: number;

  @Omittable()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  escalationPhrases?: string[];

  @Omittable()
  @IsBoolean()
  leadCapture?: boolean;

  @Omittable()
  @IsArray()
  @ArrayMaxSize(MAX_KNOWLEDGE_BASE_ENTRIES)
  @ValidateNested({ each: true })
  @Type(() => KnowledgeBaseEntryDto)
  knowledgeBase?: KnowledgeBaseEntryDto[];

  /** None when absent or null: a stored configuration spells "no order source" as null. */
  @Omittable({ nullable: true })
  @IsObject()
  @ValidateNested()
  @Type(() => OrderSourceDto)
  orderSource?: OrderSourceDto | null;
}
