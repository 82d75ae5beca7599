/** A bot, as integrations (e.g. Zapier dropdowns) list it. */
export class BotDto {
  /** @example "bot_4a7b2" */
  id!: string;
  /** @example "Help center bot" */
  name!: string;
  /** @example true */
  isActive!: boolean;
  /** @example "2026-03-14T09:21:47.000Z" */
  createdAt!: string;
}

export class BotListDto {
  bots!: BotDto[];
  /**
   * Pass as `cursor` to get the next page; null on the last page.
   * @example null
   */
  nextCursor!: string | null;
}
