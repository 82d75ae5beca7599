import { ApiProperty } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from './errors';

export class ErrorDetailDto {
  /**
   * The offending field or parameter.
   * @example "capturedFields.email"
   */
  field!: string;
  /** @example "email must be an email" */
  message!: string;
}

export class ErrorObjectDto {
  /** Stable machine-readable code. */
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', example: 'not_found' })
  code!: ErrorCode;
  /**
   * What went wrong, in English, safe to show; not meant to be parsed.
   * @example "No such conversation."
   */
  message!: string;
  /**
   * The `X-Request-Id` of the failed request; quote it when contacting support.
   * @example "req_7GQ2mXk1Lr0aZp9TbWc3Yd"
   */
  requestId!: string;
  /** One entry per invalid field; empty for other errors. */
  details!: ErrorDetailDto[];
}

/** The body of every error response. */
export class ErrorResponseDto {
  error!: ErrorObjectDto;
}

export const ERROR_CODE_ENUM = ERROR_CODES;
