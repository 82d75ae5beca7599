import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../../common/http/errors';
import { decodeCursor, toPage, type Keyset } from '../../common/http/pagination';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { Workspace } from '../workspaces/workspace.entity';
import { Bot } from './bot.entity';
import { parseBotConfig, type BotConfig } from './bot-config';
import { BOTS_CACHE_MAX_BOTS, BotsCache, positionAfter, type CachedBot } from './bots-cache';
import type { BotDto, BotListDto } from './dto/bot.dto';

interface BotRow {
  id: string;
  name: string;
  is_active: boolean;
  created_at: Date;
}

/** The whole list of a workspace, for the cache: `created_at` also in exact microseconds. */
const ALL_BOTS = `SELECT id, name, is_active, created_at,
                         round(extract(epoch FROM created_at) * 1000000) AS created_at_us
                    FROM bots WHERE workspace_id = ? ORDER BY created_at, id LIMIT ?`;

/** Cursors the cached list can place exactly; any other goes to PostgreSQL, errors included. */
function placeable(after: Keyset): boolean {
  const ms = after.createdAt.getTime();
  return ms >= 0 && Number.isSafeInteger(ms * 1000) && !after.id.includes('\0');
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
    private readonly cache: BotsCache,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /**
   * One page, oldest first by `(created_at, id)`. Served from the instance's cache of the workspace's
   * whole list (`BotsCache`, which every change to a bot invalidates on every instance) while it
   * can be: the same items and cursors as the keyset query, which serves the rest (large
   * workspaces, notifications not flowing, cursors only PostgreSQL can place).
   */
  async list(workspaceId: string, limit: number, cursor?: string): Promise<BotListDto> {
    const after = decodeCursor(cursor);
    if ((!after || placeable(after)) && this.cache.listening()) {
      const bots = await this.cachedList(workspaceId);
      const start = bots ? (after ? positionAfter(bots, after) : 0) : undefined;
      if (bots && start !== undefined) return this.page(bots.slice(start, start + limit + 1), limit);
    }
    return this.page(await this.keysetPage(workspaceId, limit, after), limit);
  }

  /** The workspace's list from the cache, or read whole and cached; null when it is too long. */
  private async cachedList(workspaceId: string): Promise<readonly CachedBot[] | null> {
    const cached = this.cache.get(workspaceId);
    if (cached !== undefined) return cached;
    const mark = this.cache.mark();
    const rows = await this.em.execute<(BotRow & { created_at_us: string | number })[]>(ALL_BOTS, [
      workspaceId,
      BOTS_CACHE_MAX_BOTS + 1,
    ]);
    let bots: CachedBot[] | null = rows.map((row) => ({
      ...toItem(row),
      createdAtUs: Number(row.created_at_us),
    }));
    // Too many, or times a double cannot hold exactly (or infinite): the keyset query serves it.
    if (bots.length > BOTS_CACHE_MAX_BOTS || bots.some((bot) => !Number.isSafeInteger(bot.createdAtUs))) {
      bots = null;
    }
    this.cache.set(workspaceId, bots, mark);
    return bots;
  }

  /** One indexed query, no entity hydration. */
  private async keysetPage(workspaceId: string, limit: number, after: Keyset | null): Promise<BotItem[]> {
    const rows = await this.em.execute<BotRow[]>(
      `SELECT id, name, is_active, created_at FROM bots
        WHERE workspace_id = ?${after ? ' AND (created_at, id) > (?, ?)' : ''}
        ORDER BY created_at, id LIMIT ?`,
      [workspaceId, ...(after ? [after.createdAt, after.id] : []), limit + 1],
    );
    return rows.map(toItem);
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
