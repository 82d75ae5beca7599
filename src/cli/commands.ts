import { readFile } from 'node:fs/promises';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import type { ResolvedConfig } from '../core/config/config';
import { APP_CONFIG } from '../core/config/config.token';
import { migrateDatabase } from '../core/database/migrate';
import { EntityManager } from '@mikro-orm/postgresql';
import { ApiKeysService } from '../modules/auth/api-keys.service';
import { DashboardSessionsService } from '../modules/auth/dashboard-sessions.service';
import { BotConfigError } from '../modules/bots/bot-config';
import { BotsService } from '../modules/bots/bots.service';
import { toMemberView, WorkspacesService } from '../modules/workspaces/workspaces.service';
import { DemoSeeder } from './demo';
import { printJson, requireEmail, requireRateLimit, requireRole, requireText, CliUsageError } from './output';

type Options = Record<string, string | boolean | undefined>;

/**
 * Every command: a usage mistake commander detects itself (a missing required option, an unknown
 * one) exits 2 like the commands' own input checks. nest-commander sets its `errorHandler` on the
 * root program only, and commander would otherwise `process.exit(1)` from any subcommand.
 */
abstract class OperatorCommand extends CommandRunner {
  override setCommand(command: Parameters<CommandRunner['setCommand']>[0]): this {
    command.exitOverride((error: { exitCode: number }) => {
      if (error.exitCode !== 0) throw new CliUsageError('');
    });
    return super.setCommand(command);
  }
}

/** Migrations this process already applied while starting (the embedded default migrates at start). */
export const MIGRATED_AT_START = Symbol('MIGRATED_AT_START');

@Command({ name: 'migrate', description: 'Apply pending database migrations' })
export class MigrateCommand extends OperatorCommand {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(MIGRATED_AT_START) private readonly migratedAtStart: string[],
  ) {
    super();
  }

  async run(): Promise<void> {
    printJson({
      migrated: [...this.migratedAtStart, ...(await migrateDatabase(this.config.databaseDirectUrl))],
    });
  }
}

@SubCommand({
  name: 'create',
  description: "Create a workspace with its owner and the owner's first API key",
})
export class WorkspaceCreateCommand extends OperatorCommand {
  constructor(private readonly workspaces: WorkspacesService) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    printJson(
      await this.workspaces.createWorkspace({
        name: requireText('--name', options.name),
        ownerEmail: requireEmail('--owner-email', options.ownerEmail),
        ownerName:
          options.ownerName === undefined ? undefined : requireText('--owner-name', options.ownerName),
        rateLimitPerMinute:
          options.rateLimit === undefined ? null : requireRateLimit('--rate-limit', options.rateLimit),
      }),
    );
  }

  @Option({ flags: '--name <name>', description: 'workspace name', required: true })
  name(value: string): string {
    return value;
  }
  @Option({ flags: '--owner-email <email>', description: "the owner's email", required: true })
  ownerEmail(value: string): string {
    return value;
  }
  @Option({ flags: '--owner-name <name>', description: "the owner's name" })
  ownerName(value: string): string {
    return value;
  }
  @Option({
    flags: '--rate-limit <n>',
    description: 'requests per minute for each key without its own limit (default NHX_RATE_LIMIT_PER_MINUTE)',
  })
  rateLimit(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'update', description: "Change a workspace's settings" })
export class WorkspaceUpdateCommand extends OperatorCommand {
  constructor(private readonly workspaces: WorkspacesService) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const workspaceId = requireText('--workspace', options.workspace, 64);
    if (options.rateLimit === undefined) throw new CliUsageError('nothing to change: pass --rate-limit');
    const workspace = await this.workspaces.setRateLimit(
      workspaceId,
      requireRateLimit('--rate-limit', options.rateLimit, true),
    );
    printJson({ workspace });
  }

  @Option({ flags: '--workspace <id>', description: 'workspace id (ws_…)', required: true })
  workspace(value: string): string {
    return value;
  }
  @Option({
    flags: '--rate-limit <n|default>',
    description:
      'requests per minute for each key without its own limit; `default` for NHX_RATE_LIMIT_PER_MINUTE',
  })
  rateLimit(value: string): string {
    return value;
  }
}

@Command({
  name: 'workspace',
  description: 'Manage workspaces',
  subCommands: [WorkspaceCreateCommand, WorkspaceUpdateCommand],
})
export class WorkspaceCommand extends OperatorCommand {
  async run(): Promise<void> {
    this.command.help();
  }
}

@SubCommand({ name: 'add', description: 'Add a member to a workspace' })
export class MemberAddCommand extends OperatorCommand {
  constructor(private readonly workspaces: WorkspacesService) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const member = await this.workspaces.addMember({
      workspaceId: requireText('--workspace', options.workspace, 64),
      email: requireEmail('--email', options.email),
      role: requireRole('--role', options.role),
      name: options.name === undefined ? undefined : requireText('--name', options.name),
    });
    printJson({ member });
  }

  @Option({ flags: '--workspace <id>', description: 'workspace id (ws_…)', required: true })
  workspace(value: string): string {
    return value;
  }
  @Option({ flags: '--email <email>', required: true })
  email(value: string): string {
    return value;
  }
  @Option({ flags: '--role <role>', description: 'owner | admin | agent | viewer', required: true })
  role(value: string): string {
    return value;
  }
  @Option({ flags: '--name <name>' })
  name(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'login-link',
  description: 'Print a one-time link that signs a member in to the dashboard (valid 15 minutes)',
})
export class MemberLoginLinkCommand extends OperatorCommand {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly sessions: DashboardSessionsService,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const member = await this.workspaces.findMemberByEmail(
      requireText('--workspace', options.workspace, 64),
      requireEmail('--email', options.email),
    );
    const loginLink = await this.sessions.issueLoginLink(member);
    printJson({ loginLink, member: toMemberView(member) });
  }

  @Option({ flags: '--workspace <id>', description: 'workspace id (ws_…)', required: true })
  workspace(value: string): string {
    return value;
  }
  @Option({ flags: '--email <email>', description: "the member's email", required: true })
  email(value: string): string {
    return value;
  }
}

@Command({
  name: 'member',
  description: 'Manage workspace members',
  subCommands: [MemberAddCommand, MemberLoginLinkCommand],
})
export class MemberCommand extends OperatorCommand {
  async run(): Promise<void> {
    this.command.help();
  }
}

@SubCommand({ name: 'create', description: 'Create an API key for a member' })
export class KeyCreateCommand extends OperatorCommand {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly apiKeys: ApiKeysService,
    private readonly em: EntityManager,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const member = await this.workspaces.findMember(requireText('--member', options.member, 64));
    const rateLimitPerMinute =
      options.rateLimit === undefined ? null : requireRateLimit('--rate-limit', options.rateLimit);
    const apiKey = await this.apiKeys.issue(this.em, {
      member,
      name: requireText('--name', options.name),
      createdByKeyId: null,
      deferReveal: options.deferred === true,
      rateLimitPerMinute,
    });
    // The API's key metadata leaves the limit out (responses carry it in `RateLimit-Policy`).
    printJson({ apiKey: { ...apiKey, rateLimitPerMinute } });
  }

  @Option({ flags: '--member <id>', description: 'member id (mem_…)', required: true })
  member(value: string): string {
    return value;
  }
  @Option({ flags: '--name <name>', required: true })
  name(value: string): string {
    return value;
  }
  @Option({
    flags: '--deferred',
    description: 'leave the value out; an admin key reveals it once within 15 minutes',
  })
  deferred(): boolean {
    return true;
  }
  @Option({
    flags: '--rate-limit <n>',
    description:
      "requests per minute for this key (default: its workspace's, else NHX_RATE_LIMIT_PER_MINUTE)",
  })
  rateLimit(value: string): string {
    return value;
  }
}

@Command({ name: 'key', description: 'Manage API keys', subCommands: [KeyCreateCommand] })
export class KeyCommand extends OperatorCommand {
  async run(): Promise<void> {
    this.command.help();
  }
}

@SubCommand({ name: 'create', description: 'Create a bot in a workspace' })
export class BotCreateCommand extends OperatorCommand {
  constructor(private readonly bots: BotsService) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const file = options.config === undefined ? undefined : String(options.config);
    try {
      const bot = await this.bots.create({
        workspaceId: requireText('--workspace', options.workspace, 64),
        name: requireText('--name', options.name),
        config: file === undefined ? undefined : await readBotConfig(file),
      });
      printJson({ bot });
    } catch (error) {
      if (!(error instanceof BotConfigError)) throw error;
      throw new CliUsageError(
        `--config ${file}: invalid bot configuration:\n${error.details.map((d) => `  - ${d.message}`).join('\n')}`,
      );
    }
  }

  @Option({ flags: '--workspace <id>', description: 'workspace id (ws_…)', required: true })
  workspace(value: string): string {
    return value;
  }
  @Option({ flags: '--name <name>', required: true })
  name(value: string): string {
    return value;
  }
  @Option({ flags: '--config <file>', description: 'bot configuration, a JSON file' })
  config(value: string): string {
    return value;
  }
}

async function readBotConfig(file: string): Promise<unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`--config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliUsageError(`--config ${file}: must hold a JSON object`);
  }
  return parsed;
}

@Command({ name: 'bot', description: 'Manage bots', subCommands: [BotCreateCommand] })
export class BotCommand extends OperatorCommand {
  async run(): Promise<void> {
    this.command.help();
  }
}

@Command({
  name: 'demo',
  description:
    'Seed a new demo workspace: its owner and key, bots with a knowledge base, conversations in every status',
})
export class DemoCommand extends OperatorCommand {
  constructor(private readonly seeder: DemoSeeder) {
    super();
  }

  async run(): Promise<void> {
    printJson(await this.seeder.seed());
  }
}

export const COMMANDS = [
  MigrateCommand,
  WorkspaceCommand,
  WorkspaceCreateCommand,
  WorkspaceUpdateCommand,
  MemberCommand,
  MemberAddCommand,
  MemberLoginLinkCommand,
  KeyCommand,
  KeyCreateCommand,
  BotCommand,
  BotCreateCommand,
  DemoCommand,
];
