import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../../common/http/errors';
import { decodeCursor, toPage, type Keyset } from '../../common/http/pagination';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { Workspace } from '../workspaces/workspace.entity';
import { Bot } from './bot.entity';
import { parseBotConfig, type BotConfig } from './bot-config';
import type { BotDto, BotListDto } from './dto/bot.dto';

interface BotRow {
  id: string;
  name: string;
  is_active: boolean;
  created_at: Date;
}

export function toBotDto(bot: Pick<Bot, 'id' | 'name' | 'isActive' | 'createdAt'>): BotDto {
  return { id: bot.id, name: bot.name, isActive: bot.isActive, createdAt: bot.createdAt.toISOString() };
}

/** A bot as the list shows it. */
type BotItem = Keyset & { name: string; isActive: boolean };

function toItem(row: BotRow): BotItem {
  return { id: row.id, name: row.name, isActive: row.is_active, createdAt: new Date(row.created_at) };
}

@Injectable()
export class BotsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** One page, oldest first by `(created_at, id)`: one indexed query, no entity hydration. */
  async list(workspaceId: string, limit: number, cursor?: string): Promise<BotListDto> {
    const after = decodeCursor(cursor);
    const rows = await this.em.execute<BotRow[]>(
      `SELECT id, name, is_active, created_at FROM bots
        WHERE workspace_id = ?${after ? ' AND (created_at, id) > (?, ?)' : ''}
        ORDER BY created_at, id LIMIT ?`,
      [workspaceId, ...(after ? [after.createdAt, after.id] : []), limit + 1],
    );
    return this.page(rows.map(toItem), limit);
  }

  /** `rows`: up to `limit + 1` bots from the page's start. */
  private page(rows: BotItem[], limit: number): BotListDto {
    const page = toPage(rows, limit);
    return { bots: page.items.map(toBotDto), nextCursor: page.nextCursor };
  }

  /**
   * Creates a bot; `config` is validated first (`BotConfigError` on a problem; its order source
   * under the rules webhook targets follow) and stored with its defaults filled in.
   */
  async create(input: {
    workspaceId: string;
    name: string;
    config?: unknown;
  }): Promise<BotDto & { workspaceId: string }> {
    const config: BotConfig = parseBotConfig(input.config ?? {}, {
      targets: { allowPrivate: this.config.allowPrivateTargets },
    });
    const workspace = await this.em.findOne(Workspace, { id: input.workspaceId });
    if (!workspace) throw ApiError.notFound('workspace');
    const bot = this.em.create(Bot, {
      workspace,
      name: input.name,
      config: config as unknown as Record<string, unknown>,
    });
    await this.em.persistAndFlush(bot);
    return { ...toBotDto(bot), workspaceId: workspace.id };
  }
}
