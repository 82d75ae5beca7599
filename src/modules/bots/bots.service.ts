import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../../common/http/errors';
import { CREATED_AT_CURSOR } from '../../common/http/pagination';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { Workspace } from '../workspaces/workspace.entity';
import { Bot } from './bot.entity';
import { parseBotConfig, type BotConfig } from './bot-config';
import { BotsRepository, toBotDto } from './bots.repository';
import type { BotDto, BotListDto } from './dto/bot.dto';

@Injectable()
export class BotsService {
  constructor(
    private readonly em: EntityManager,
    private readonly bots: BotsRepository,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** One page, oldest first by `(created_at, id)`. */
  async list(workspaceId: string, limit: number, cursor?: string): Promise<BotListDto> {
    const after = CREATED_AT_CURSOR.decode(cursor);
    const page = CREATED_AT_CURSOR.page(await this.bots.page(workspaceId, after, limit + 1), limit);
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
    /** False: the bot refuses new widget sessions and stays silent in existing ones. */
    isActive?: boolean;
  }): Promise<BotDto & { workspaceId: string }> {
    const config: BotConfig = parseBotConfig(input.config ?? {}, {
      targets: { allowPrivate: this.config.allowPrivateTargets },
    });
    const workspace = await this.em.findOne(Workspace, { id: input.workspaceId });
    if (!workspace) throw ApiError.notFound('workspace');
    const bot = this.em.create(Bot, {
      workspace,
      name: input.name,
      isActive: input.isActive ?? true,
      config: config as unknown as Record<string, unknown>,
    });
    await this.em.persistAndFlush(bot);
    return { ...toBotDto(bot), workspaceId: workspace.id };
  }
}
