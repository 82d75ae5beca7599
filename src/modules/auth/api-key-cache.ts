import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { APP_LOGGER } from '../../core/logging/logger.token';
import type { Principal } from './principal';

/** The channel the `nhx_notify_auth` triggers raise on any change to a key, member or workspace. */
export const AUTH_CHANNEL = 'nhx_auth';
/** An entry is re-read from the database after this long even without a notification. */
export const AUTH_CACHE_TTL_MS = 30_000;
export const AUTH_CACHE_MAX_ENTRIES = 10_000;
/** How long a revocation waits for its own notification to come back (then every instance has it). */
const ECHO_TIMEOUT_MS = 2_000;
const RECONNECT_MS = 1_000;

interface Entry {
  principal: Principal;
  expiresAt: number;
}

/**
 * The API process's cache of authenticated keys, keyed by key hash: a hit costs no query.
 *
 * Revocation stays immediate on every instance: triggers on `api_keys`, `members` and `workspaces`
 * notify `nhx_auth` on every update or delete (whoever makes it: the API, the CLI, plain SQL), and
 * each instance LISTENs and drops the entries concerned. The cache is only used while that LISTEN
 * connection is up; it is emptied whenever the connection is (re)made, so no notification can be
 * missed. Misses are never cached (a new key works at once), and entries expire after 30 s anyway.
 *
 * The listener starts with the first authentication, so processes that never authenticate (CLI,
 * worker) never open it.
 */
@Injectable()
export class ApiKeyCache implements OnApplicationShutdown {
  private readonly entries = new Map<string, Entry>();
  private listener: Client | null = null;
  private listening = false;
  private started = false;
  private stopped = false;
  private readonly echoes = new Map<string, () => void>();
  /** Bumped by every invalidation: a row read before one must not be cached after it. */
  private generation = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** The cached principal for a key hash, or undefined (also while notifications are not flowing). */
  get(hash: string, now = Date.now()): Principal | undefined {
    if (!this.started) {
      this.started = true;
      void this.listen();
    }
    if (!this.listening) return undefined;
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.principal;
  }

  /** Take before reading a key from the database; pass to `set`. */
  mark(): number {
    return this.generation;
  }

  /** Caches a principal read from the database, unless anything was invalidated since `mark`. */
  set(hash: string, principal: Principal, mark: number, now = Date.now()): void {
    if (!this.listening || mark !== this.generation) return;
    if (this.entries.size >= AUTH_CACHE_MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest entry.
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(hash, { principal, expiresAt: now + AUTH_CACHE_TTL_MS });
  }

  /** Drops what is cached for `k:<key id>`, `m:<member id>` or `w:<workspace id>`. */
  invalidate(payload: string): void {
    this.generation += 1;
    const [kind, id] = [payload.slice(0, 1), payload.slice(2)];
    for (const [hash, { principal }] of this.entries) {
      if (
        (kind === 'k' && principal.keyId === id) ||
        (kind === 'm' && principal.memberId === id) ||
        (kind === 'w' && principal.workspaceId === id)
      ) {
        this.entries.delete(hash);
      }
    }
  }

  /** A notification from the triggers: invalidate, and release a revocation waiting for it. */
  private notified(payload: string): void {
    this.invalidate(payload);
    const echoed = this.echoes.get(payload);
    if (echoed) {
      this.echoes.delete(payload);
      echoed();
    }
  }

  /**
   * For a revocation: call before the write, then `done(true)` once it has committed (or
   * `done(false)` when it changed nothing). Drops the key here at once, then waits (bounded) until
   * this instance's listener has received the trigger's notification: PostgreSQL hands a commit's
   * notifications to every listener together, so by then the other instances have it too.
   */
  revoking(keyId: string): { done(changed: boolean): Promise<void> } {
    const payload = `k:${keyId}`;
    let echoed!: () => void;
    const echo = new Promise<void>((resolve) => (echoed = resolve));
    const listening = this.listening;
    if (listening) this.echoes.set(payload, echoed);
    return {
      done: async (changed) => {
        this.invalidate(payload);
        if (changed && listening) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            echo,
            new Promise((resolve) => (timer = setTimeout(resolve, ECHO_TIMEOUT_MS))),
          ]);
          clearTimeout(timer);
        }
        if (this.echoes.get(payload) === echoed) this.echoes.delete(payload);
      },
    };
  }

  private async listen(): Promise<void> {
    while (!this.stopped) {
      const client = new Client({ connectionString: this.config.databaseUrl });
      try {
        client.on('notification', (message) => {
          if (message.channel === AUTH_CHANNEL && message.payload) this.notified(message.payload);
        });
        const lost = new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.once('end', () => resolve());
        });
        await client.connect();
        await client.query(`LISTEN ${AUTH_CHANNEL}`);
        this.listener = client;
        // Whatever changed while no one listened is unknown: start empty.
        this.entries.clear();
        this.generation += 1;
        this.listening = true;
        await lost;
      } catch (error) {
        if (!this.stopped)
          this.logger.warn({ err: error }, 'API key cache: LISTEN failed; keys read per request');
      }
      this.listening = false;
      this.listener = null;
      this.entries.clear();
      this.generation += 1;
      await client.end().catch(() => undefined);
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    await this.listener?.end().catch(() => undefined);
  }
}
