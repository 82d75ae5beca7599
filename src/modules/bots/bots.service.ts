import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/http/errors';
import { decodeCursor, toPage } from '../../common/http/pagination';
import { Workspace } from '../workspaces/workspace.entity';
import { Bot } from './bot.entity';
import { parseBotConfig, type BotConfig } from './bot-config';
import type { BotDto, BotListDto } from './dto/bot.dto';

export function toBotDto(bot: Pick<Bot, 'id' | 'name' | 'isActive' | 'createdAt'>): BotDto {
  return { id: bot.id, name: bot.name, isActive: bot.isActive, createdAt: bot.createdAt.toISOString() };
}

@Injectable()
export class BotsService {
  constructor(private readonly em: EntityManager) {}

  async list(workspaceId: string, limit: number, cursor?: string): Promise<BotListDto> {
    const after = decodeCursor(cursor);
    const bots = await this.em.find(
      Bot,
      {
        workspace: workspaceId,
        ...(after && {
          $or: [
            { createdAt: { $gt: after.createdAt } },
            { createdAt: after.createdAt, id: { $gt: after.id } },
          ],
        }),
      },
      {
        orderBy: { createdAt: 'asc', id: 'asc' },
        limit: limit + 1,
        fields: ['id', 'name', 'isActive', 'createdAt'],
      },
    );
    const page = toPage(bots, limit);
    return { bots: page.items.map(toBotDto), nextCursor: page.nextCursor };
  }

  /**
   * Creates a bot; `config` is validated first (`BotConfigError` on a problem) and stored with its
   * defaults filled in.
   */
  async create(input: {
    workspaceId: string;
    name: string;
    config?: unknown;
  }): Promise<BotDto & { workspaceId: string }> {
    const config: BotConfig = parseBotConfig(input.config ?? {});
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
