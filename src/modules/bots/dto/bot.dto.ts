import { ApiProperty } from '@nestjs/swagger';
import { ApiDateTimeProperty } from '../../../common/decorators/api-docs.decorator';

/** A bot, as integrations (e.g. Zapier dropdowns) list it. */
export class BotDto {
  /** @example "bot_4a7b2" */
  id!: string;
  /** @example "Help center bot" */
  name!: string;
  /** @example true */
  isActive!: boolean;
  @ApiDateTimeProperty({ example: '2026-03-14T09:21:47Z' })
  createdAt!: string;
}

export class BotListDto {
  bots!: BotDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}
