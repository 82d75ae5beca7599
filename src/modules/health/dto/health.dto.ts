import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const HEALTH_STATUSES = ['ok', 'unavailable'] as const;
export const CHECK_STATES = ['up', 'down'] as const;

export class HealthDto {
  @ApiProperty({ enum: HEALTH_STATUSES, example: 'ok' })
  status!: (typeof HEALTH_STATUSES)[number];

  /** Each dependency checked, by name. */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...CHECK_STATES] },
    example: { database: 'up' },
  })
  checks?: Record<string, (typeof CHECK_STATES)[number]>;
}
