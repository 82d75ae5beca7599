import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CreatedAtKey } from '../../common/http/pagination';
import { withDates } from '../../core/database/rows';
import type { Bot } from './bot.entity';
import type { BotDto } from './dto/bot.dto';

/** A bot as the list shows it. */
export type BotListRow = Pick<Bot, 'id' | 'name' | 'isActive' | 'createdAt'>;

/** A bot as the runtime works with it: its workspace, whether it answers, its stored configuration. */
export interface StoredBot {
  id: string;
  workspaceId: string;
  isActive: boolean;
  config: unknown;
}

export function toBotDto(bot: BotListRow): BotDto {
  return { id: bot.id, name: bot.name, isActive: bot.isActive, createdAt: bot.createdAt.toISOString() };
}

/** The `bots` table's queries. */
@Injectable()
export class BotsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Up to `limit` bots of a workspace after `after`, oldest first: one indexed query, no hydration. */
  async page(workspaceId: string, after: CreatedAtKey | null, limit: number): Promise<BotListRow[]> {
    const rows = await this.em.execute(
      `SELECT id, name, is_active AS "isActive", created_at AS "createdAt" FROM bots
        WHERE workspace_id = ?${after ? ' AND (created_at, id) > (?, ?)' : ''}
        ORDER BY created_at, id LIMIT ?`,
      [workspaceId, ...(after ? [after.createdAt, after.id] : []), limit],
    );
    return rows.map((row) => withDates<BotListRow>(row, ['createdAt']));
  }

  /** A bot by id alone (the widget's public routes name it without a workspace), or null. */
  async find(botId: string): Promise<StoredBot | null> {
    const [row] = await this.em.execute<StoredBot[]>(
      `SELECT id, workspace_id AS "workspaceId", is_active AS "isActive", config FROM bots WHERE id = ?`,
      [botId],
    );
    return row ?? null;
  }
}
