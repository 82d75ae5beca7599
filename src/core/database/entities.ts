import { ApiKey } from '../../modules/auth/api-key.entity';
import { Bot } from '../../modules/bots/bot.entity';
import { Member } from '../../modules/workspaces/member.entity';
import { Workspace } from '../../modules/workspaces/workspace.entity';

/** Every entity of the product: one list for the app, the CLI and the migration generator. */
export const ENTITIES = [Workspace, Member, ApiKey, Bot];
