import { readFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../core/config/config';
import { checkHealth } from './healthcheck';
import type { OperatorContext } from './operator-runtime';
import { CliUsageError, printJson, requireEmail, requireRateLimit, requireRole, requireText } from './output';

/** A command's work; its result is printed as the one JSON object on stdout. */
export type OperatorTask = (context: OperatorContext) => Promise<unknown>;

/**
 * Starts the runtime (the embedded PostgreSQL, when no `DATABASE_URL`) and the operator module,
 * runs `task`, prints its result and stops everything. Commands call it only once their arguments
 * have been parsed and checked, so a usage mistake never starts a database.
 */
export type OperatorRunner = (task: OperatorTask, options?: { requireMigrated?: boolean }) => Promise<void>;

type Env = Record<string, string | undefined>;

/** Exit code of a command that ran and reports a failure on stdout (an unready service, say). */
export class CliFailure extends Error {}

/**
 * The `nebulahex` grammar, parsed by commander before anything starts: a missing or unknown option,
 * an unknown command or an invalid value is a usage error (exit 2) within milliseconds. This file
 * imports no service (types only): the runtime and the modules load once a command runs.
 */
export function buildProgram(run: OperatorRunner, env: Env = process.env): Command {
  const program = new Command('nebulahex')
    .description('NebulaHex operator CLI: every command prints one JSON object on stdout')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .allowExcessArguments(false);

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(() =>
      run(
        async ({ config, migratedAtStart, migrate }) => ({
          migrated: [...migratedAtStart, ...(await migrate(config.databaseDirectUrl))],
        }),
        { requireMigrated: false },
      ),
    );

  const workspace = program.command('workspace').description('Manage workspaces');
  workspace
    .command('create')
    .description("Create a workspace with its owner and the owner's first API key")
    .requiredOption('--name <name>', 'workspace name')
    .requiredOption('--owner-email <email>', "the owner's email")
    .option('--owner-name <name>', "the owner's name")
    .option(
      '--rate-limit <n>',
      'requests per minute for each key without its own limit (default NHX_RATE_LIMIT_PER_MINUTE)',
    )
    .action((options: Record<string, string | undefined>) => {
      const input = {
        name: requireText('--name', options.name),
        ownerEmail: requireEmail('--owner-email', options.ownerEmail),
        ownerName:
          options.ownerName === undefined ? undefined : requireText('--owner-name', options.ownerName),
        rateLimitPerMinute:
          options.rateLimit === undefined ? null : requireRateLimit('--rate-limit', options.rateLimit),
      };
      return run(({ services }) => services.workspaces.createWorkspace(input));
    });
  workspace
    .command('update')
    .description("Change a workspace's settings")
    .requiredOption('--workspace <id>', 'workspace id (ws_…)')
    .option(
      '--rate-limit <n|default>',
      'requests per minute for each key without its own limit; `default` for NHX_RATE_LIMIT_PER_MINUTE',
    )
    .action((options: Record<string, string | undefined>) => {
      const workspaceId = requireText('--workspace', options.workspace, 64);
      if (options.rateLimit === undefined) throw new CliUsageError('nothing to change: pass --rate-limit');
      const limit = requireRateLimit('--rate-limit', options.rateLimit, true);
      return run(async ({ services }) => ({
        workspace: await services.workspaces.setRateLimit(workspaceId, limit),
      }));
    });

  const member = program.command('member').description('Manage workspace members');
  member
    .command('add')
    .description('Add a member to a workspace')
    .requiredOption('--workspace <id>', 'workspace id (ws_…)')
    .requiredOption('--email <email>')
    .addOption(
      new Option('--role <role>').choices(['owner', 'admin', 'agent', 'viewer']).makeOptionMandatory(),
    )
    .option('--name <name>')
    .action((options: Record<string, string | undefined>) => {
      const input = {
        workspaceId: requireText('--workspace', options.workspace, 64),
        email: requireEmail('--email', options.email),
        role: requireRole('--role', options.role),
        name: options.name === undefined ? undefined : requireText('--name', options.name),
      };
      return run(async ({ services }) => ({ member: await services.workspaces.addMember(input) }));
    });
  member
    .command('login-link')
    .description('Print a one-time link that signs a member in to the dashboard (valid 15 minutes)')
    .requiredOption('--workspace <id>', 'workspace id (ws_…)')
    .requiredOption('--email <email>', "the member's email")
    .action((options: Record<string, string | undefined>) => {
      const workspaceId = requireText('--workspace', options.workspace, 64);
      const email = requireEmail('--email', options.email);
      return run(async ({ services, views }) => {
        const found = await services.workspaces.findMemberByEmail(workspaceId, email);
        return { loginLink: await services.sessions.issueLoginLink(found), member: views.member(found) };
      });
    });

  program
    .command('key')
    .description('Manage API keys')
    .command('create')
    .description('Create an API key for a member')
    .requiredOption('--member <id>', 'member id (mem_…)')
    .requiredOption('--name <name>')
    .option('--deferred', 'leave the value out; an admin key reveals it once within 15 minutes')
    .option(
      '--rate-limit <n>',
      "requests per minute for this key (default: its workspace's, else NHX_RATE_LIMIT_PER_MINUTE)",
    )
    .action((options: Record<string, string | boolean | undefined>) => {
      const memberId = requireText('--member', options.member, 64);
      const name = requireText('--name', options.name);
      const rateLimitPerMinute =
        options.rateLimit === undefined ? null : requireRateLimit('--rate-limit', options.rateLimit);
      return run(async ({ services }) => {
        const member = await services.workspaces.findMember(memberId);
        const apiKey = await services.apiKeys.issue(services.em, {
          member,
          name,
          createdBy: null,
          deferReveal: options.deferred === true,
          rateLimitPerMinute,
        });
        // The API's key metadata leaves the limit out (responses carry it in `RateLimit-Policy`).
        return { apiKey: { ...apiKey, rateLimitPerMinute } };
      });
    });

  program
    .command('bot')
    .description('Manage bots')
    .command('create')
    .description('Create a bot in a workspace')
    .requiredOption('--workspace <id>', 'workspace id (ws_…)')
    .requiredOption('--name <name>')
    .option('--config <file>', 'bot configuration, a JSON file')
    .action(async (options: Record<string, string | undefined>) => {
      const workspaceId = requireText('--workspace', options.workspace, 64);
      const name = requireText('--name', options.name);
      const file = options.config;
      const config = file === undefined ? undefined : await readBotConfig(file, env);
      await run(async ({ services }) => ({
        bot: await services.bots.create({ workspaceId, name, config }),
      }));
    });

  program
    .command('demo')
    .description(
      'Seed a new demo workspace: its owner and key, bots with a knowledge base and sample orders, conversations in every status',
    )
    .action(() => run(({ services }) => services.demo.seed()));

  program
    .command('healthcheck')
    .description(
      "GET /readyz of the API on 127.0.0.1:PORT (or the worker's on NHX_WORKER_PORT); exit 0 when ready. Starts no database",
    )
    .option('--worker', "check the worker's health port (NHX_WORKER_PORT) instead of the API")
    .action(async (options: { worker?: boolean }) => {
      const config = loadConfig(env);
      const result = await checkHealth(options.worker ? 'worker' : 'api', config);
      printJson(result);
      if (!result.ok) throw new CliFailure(`not ready: ${result.error ?? `HTTP ${result.status}`}`);
    });

  return program;
}

/** A usage mistake commander reported (it printed the message); `--help` and `--version` are not. */
export function isUsageExit(error: unknown): error is CommanderError {
  return error instanceof CommanderError;
}

async function readBotConfig(file: string, env: Env): Promise<unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`--config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliUsageError(`--config ${file}: must hold a JSON object`);
  }
  // Checked as the service will check it, before anything starts: a mistake in the file costs no
  // database start-up. Loaded here only, so other commands never pay for the validators.
  const { BotConfigError, parseBotConfig } = await import('../modules/bots/bot-config.js');
  try {
    parseBotConfig(parsed, { targets: { allowPrivate: loadConfig(env).allowPrivateTargets } });
  } catch (error) {
    if (!(error instanceof BotConfigError)) throw error;
    throw new CliUsageError(
      `--config ${file}: invalid bot configuration:\n${error.details.map((d) => `  - ${d.message}`).join('\n')}`,
    );
  }
  return parsed;
}
