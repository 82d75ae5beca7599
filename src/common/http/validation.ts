import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidateIf, type ValidationOptions } from 'class-validator';
import { ApiError, type ErrorDetail } from './errors';

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Nest's pipe validates a `null` body as if it were absent (and hands the handler `null`): a JSON
 * `null` is refused like any other body that is not an object. A missing body stays `{}`.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (value === null && metadata.type === 'body' && this.toValidate(metadata)) {
      throw ApiError.validation([{ field: 'body', message: 'the body must be a JSON object, not null' }]);
    }
    return super.transform(value, metadata);
  }
}

/** Bodies and query strings: unknown fields and wrong types → 400 `validation_failed`, one detail per problem. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ApiError.validation(flatten(errors)),
  });
}

/**
 * The property may be left out; when present it is validated like any other, so `null` is refused
 * unless `nullable` says the field's type includes it. class-validator's `@IsOptional()` skips every
 * check for `null` as for a missing property, which let `null` through to services expecting a value
 * (a lint rule forbids it). The OpenAPI document says the same: the `?` of the property leaves it
 * out of `required`, and only a `| null` type makes it `nullable`.
 */
export function Omittable(options: { nullable?: boolean } = {}): PropertyDecorator {
  return ValidateIf(
    (_object, value) => value !== undefined && !(options.nullable === true && value === null),
  );
}

/**
 * `@MinLength(1, NOT_EMPTY)` refuses `''` as `@IsNotEmpty()` does, with its message, and (unlike it)
 * the Swagger plugin turns it into `minLength: 1`.
 */
export const NOT_EMPTY: ValidationOptions = { message: '$property should not be empty' };
