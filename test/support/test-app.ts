import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { inject } from 'vitest';
import { AppModule } from '../../src/app.module';
import { newId } from '../../src/common/ids/ids';
import { OperatorModule } from '../../src/cli/operator.module';
import { loadConfig, type ResolvedConfig } from '../../src/core/config/config';
import { createHttpApp } from '../../src/core/http/create-http-app';
import { ApiKeysService } from '../../src/modules/auth/api-keys.service';
import { DashboardSessionsService } from '../../src/modules/auth/dashboard-sessions.service';
import { BotsService } from '../../src/modules/bots/bots.service';
import type { Role } from '../../src/common/auth/roles';
import { WorkspacesService } from '../../src/modules/workspaces/workspaces.service';
import { createTestDatabase, type TestDatabase } from './database';
import { httpClient, type HttpClient } from './http';
import { cleanEnv } from './processes';
import { EntityManager } from '@mikro-orm/postgresql';

export interface SeededWorkspace {
  workspaceId: string;
  ownerMemberId: string;
  ownerKey: string;
  ownerKeyId: string;
}

export interface TestApi {
  baseUrl: string;
  call: HttpClient;
  db: TestDatabase;
  config: ResolvedConfig;
  app: NestFastifyApplication;
  /** A workspace with its owner and the owner's first key, created as the CLI does. */
  createWorkspace(name?: string): Promise<SeededWorkspace>;
  addMember(
    workspaceId: string,
    role: Role,
    email?: string,
  ): Promise<{ memberId: string; key: string; keyId: string }>;
  issueKey(memberId: string, deferReveal?: boolean): Promise<{ id: string; key?: string }>;
  /** A dashboard sign-in link, as `nebulahex member login-link` makes it, with its token. */
  loginLink(workspaceId: string, email: string): Promise<{ url: string; expiresAt: string; token: string }>;
  /** A bot as `nebulahex bot create` makes it; `config` is validated the same way. */
  createBot(workspaceId: string, name: string, config?: unknown): Promise<{ id: string }>;
  /** A conversation inserted directly (as the widget channel would have created it), with `messages` customer messages. */
  createConversation(
    workspaceId: string,
    botId: string,
    options?: SeedConversation,
  ): Promise<{ id: string; sessionId: string }>;
  /**
   * The environment for a built process (`dist/worker.js`, `dist/main.js`) working beside this API:
   * its database, secret key, Redis and key prefix, private webhook targets allowed; `extra` adds
   * or overrides variables.
   */
  processEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export interface SeedConversation {
  status?: 'open' | 'escalated' | 'resolved';
  handler?: 'bot' | 'team';
  createdAt?: Date;
  updatedAt?: Date;
  customerName?: string | null;
  customerEmail?: string | null;
  messages?: number;
}

/**
 * Removes every key a test app wrote under its own prefix (queues use the hash tag `{prefix}`).
 * A Redis that does not answer (a test may point the service at one) has nothing to clean.
 */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    for (const pattern of [`{${prefix}}*`, `${prefix}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } catch {
    // nothing to clean where nothing answers
  } finally {
    redis.disconnect();
  }
}

/**
 * The service's config for a test: the suite's Redis under a key prefix of its own (see
 * `deleteRedisKeys`), and rate limits high enough that only the tests about them meet them.
 */
export function testConfig(
  db: Pick<TestDatabase, 'url' | 'directUrl'>,
  env: Record<string, string> = {},
): ResolvedConfig {
  return {
    ...loadConfig({
      NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      REDIS_URL: inject('redisUrl'),
      NHX_REDIS_PREFIX: `nhxtest-${randomBytes(6).toString('hex')}`,
      NHX_RATE_LIMIT_PER_MINUTE: '1000000',
      NHX_WIDGET_SESSIONS_PER_MINUTE: '1000000',
      NHX_WIDGET_MESSAGES_PER_MINUTE: '1000000',
      NHX_WIDGET_POLLS_PER_MINUTE: '1000000',
      NHX_WORKER_PORT: '0',
      ...env,
    }),
    databaseUrl: db.url,
    databaseDirectUrl: db.directUrl ?? db.url,
    secretKey: randomBytes(32),
  };
}

/**
 * The real API (the production module graph and HTTP setup) on a fresh database, listening on a
 * random local port, plus the operator services the CLI uses, to seed data.
 */
export interface TestApiOptions {
  /** The service's logger (default: silent, or `TEST_LOG_LEVEL`). */
  logger?: Logger;
  /** An existing database to share (another API instance's); it is not dropped on close. */
  db?: TestDatabase;
  /** Run the worker part in the same process (the all-in-one). */
  worker?: boolean;
}

export async function startTestApi(
  env: Record<string, string> = {},
  options: TestApiOptions = {},
): Promise<TestApi> {
  const db = options.db ?? (await createTestDatabase());
  const config = testConfig(db, env);
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = await createHttpApp(
    AppModule.forRoot(config, logger, { api: true, worker: options.worker ?? false }),
    logger,
    { trustProxy: config.trustProxy },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const operator: INestApplicationContext = await NestFactory.createApplicationContext(
    OperatorModule.forRoot(config, logger),
    { logger: false },
  );
  const workspaces = operator.get(WorkspacesService);
  const apiKeys = operator.get(ApiKeysService);
  const bots = operator.get(BotsService);
  const sessions = operator.get(DashboardSessionsService);
  const em = operator.get(EntityManager);
  let counter = 0;
  const issueKey = async (memberId: string, deferReveal = false) => {
    const member = await workspaces.findMember(memberId);
    const issued = await apiKeys.issue(em, { member, name: 'test key', createdBy: null, deferReveal });
    em.clear();
    return { id: issued.id, key: issued.key };
  };

  return {
    baseUrl,
    call: httpClient(baseUrl),
    db,
    config,
    app,
    async createWorkspace(name = 'Acme Support') {
      counter += 1;
      const created = await workspaces.createWorkspace({ name, ownerEmail: `owner${counter}@acme.example` });
      em.clear();
      return {
        workspaceId: created.workspace.id,
        ownerMemberId: created.member.id,
        ownerKey: created.apiKey.key as string,
        ownerKeyId: created.apiKey.id,
      };
    },
    async addMember(workspaceId, role, email) {
      counter += 1;
      const member = await workspaces.addMember({
        workspaceId,
        role,
        email: email ?? `${role}${counter}@acme.example`,
      });
      const key = await issueKey(member.id);
      return { memberId: member.id, key: key.key as string, keyId: key.id };
    },
    issueKey,
    processEnv: (extra = {}) =>
      cleanEnv({
        DATABASE_URL: db.url,
        NHX_SECRET_KEY: config.secretKey.toString('base64'),
        REDIS_URL: inject('redisUrl'),
        NHX_REDIS_PREFIX: config.redisPrefix,
        NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        ...extra,
      }),
    async loginLink(workspaceId, email) {
      const link = await sessions.issueLoginLink(await workspaces.findMemberByEmail(workspaceId, email));
      em.clear();
      return { ...link, token: link.url.split('#token=')[1] };
    },
    async createBot(workspaceId, name, config) {
      const bot = await bots.create({ workspaceId, name, config });
      em.clear();
      return bot;
    },
    async createConversation(workspaceId, botId, options = {}) {
      const id = newId('conversation');
      const sessionId = newId('session');
      const updatedAt = options.updatedAt ?? new Date();
      const status = options.status ?? 'open';
      const messages = options.messages ?? 0;
      await db.query(
        `INSERT INTO conversations (id, workspace_id, bot_id, session_id, customer_name, customer_email, status,
                                    handler, message_count, created_at, updated_at, resolved_at, escalated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          id,
          workspaceId,
          botId,
          sessionId,
          options.customerName ?? null,
          options.customerEmail ?? null,
          status,
          options.handler ?? (status === 'escalated' ? 'team' : 'bot'),
          messages,
          options.createdAt ?? updatedAt,
          updatedAt,
          status === 'resolved' ? updatedAt : null,
          status === 'escalated' ? updatedAt : null,
        ],
      );
      for (let seq = 1; seq <= messages; seq += 1) {
        await db.query(
          `INSERT INTO messages (id, workspace_id, conversation_id, seq, author, channel, text, created_at)
           VALUES ($1, $2, $3, $4, 'customer', 'widget', $5, $6)`,
          [newId('message'), workspaceId, id, seq, `customer message ${seq}`, updatedAt],
        );
      }
      return { id, sessionId };
    },
    async close() {
      // The app first: its in-flight requests finish before anything they use goes away.
      await app.close();
      await operator.close();
      if (config.redisUrl) await deleteRedisKeys(config.redisUrl, config.redisPrefix);
      if (!options.db) await db.drop();
    },
  };
}
