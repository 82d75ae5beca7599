import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { SLIDING_WINDOW_STORAGE } from '../../common/rate-limit/rate-limit.module';
import type { SlidingWindowStorage } from '../../common/rate-limit/sliding-window';
import { PgNotifications, type Subscription } from '../../core/database/pg-notifications';
import { APP_LOGGER } from '../../core/logging/logger.token';
import type { KeyPrincipal } from '../../common/auth/principal';

/** The channel the `nhx_notify_auth` triggers raise on any change to a key, member or workspace. */
export const AUTH_CHANNEL = 'nhx_auth';
/** An entry is re-read from the database after this long even without a notification. */
export const AUTH_CACHE_TTL_MS = 30_000;
export const AUTH_CACHE_MAX_ENTRIES = 10_000;
/**
 * How long a revocation stays in the rate-limit storage: far longer than any entry cached before it
 * can live (30 s, or until the notification drops it).
 */
export const REVOCATION_TTL_MS = 10 * AUTH_CACHE_TTL_MS;
/** How long a revocation waits for its own notification to come back (then every instance has it). */
const ECHO_TIMEOUT_MS = 2_000;

interface Entry {
  principal: KeyPrincipal;
  expiresAt: number;
}

/**
 * The API process's cache of authenticated keys, keyed by key hash: a hit costs no query.
 *
 * Changes reach every instance: triggers on `api_keys`, `members` and `workspaces` notify `nhx_auth`
 * on every update or delete (whoever makes it: the API, the CLI, plain SQL), and each instance
 * LISTENs and drops the entries concerned. The cache is only used while that LISTEN connection is
 * up; it is emptied whenever the connection is (re)made, so no notification can be missed. Misses
 * are never cached (a new key works at once), and entries expire after 30 s anyway.
 *
 * A notification reaches each instance when it reaches it, though: a busy or distant instance may
 * hear of a revocation tens of milliseconds after the revoking one has answered. So a revocation is
 * also written to the rate-limit storage before it is answered (`revoking`), where the check every
 * authenticated request makes anyway refuses the key (see `AuthGuard`).
 *
 * The LISTEN connection (`PgNotifications`, shared with the other caches) starts with the first
 * authentication, so processes that never authenticate (CLI, worker) never open it.
 */
@Injectable()
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly notifications: Subscription;
  private readonly echoes = new Map<string, () => void>();
  /** Bumped by every invalidation: a row read before one must not be cached after it. */
  private generation = 0;

  constructor(
    notifications: PgNotifications,
    @Inject(SLIDING_WINDOW_STORAGE) private readonly revocations: SlidingWindowStorage,
    @Inject(APP_LOGGER) private readonly log: Logger,
  ) {
    this.notifications = notifications.subscribe(AUTH_CHANNEL, {
      notify: (payload) => this.notified(payload),
      // Whatever changed while no one listened is unknown: start empty.
      reset: () => {
        this.entries.clear();
        this.generation += 1;
      },
    });
  }

  /** The cached principal for a key hash, or undefined (also while notifications are not flowing). */
  get(hash: string, now = Date.now()): KeyPrincipal | undefined {
    if (!this.notifications.listening()) return undefined;
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
  set(hash: string, principal: KeyPrincipal, mark: number, now = Date.now()): void {
    if (!this.notifications.listening() || mark !== this.generation) return;
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
   * `done(false)` when it changed nothing: the key was revoked already, perhaps by a request still
   * running). `done` drops the key here at once and records the revocation in the rate-limit storage,
   * from which moment every instance sharing it refuses the key. Then it waits (bounded) until this
   * instance's listener has received the trigger's notification: PostgreSQL hands a commit's
   * notifications to every listener together, so if Redis could not be written, the other instances
   * still drop the key at about the same moment.
   */
  revoking(keyId: string): { done(changed: boolean): Promise<void> } {
    const payload = `k:${keyId}`;
    let echoed!: () => void;
    const echo = new Promise<void>((resolve) => (echoed = resolve));
    const listening = this.notifications.listening();
    if (listening) this.echoes.set(payload, echoed);
    return {
      done: async (changed) => {
        this.invalidate(payload);
        try {
          await this.revocations.revoke(keyId, REVOCATION_TTL_MS);
        } catch (error) {
          this.log.warn(
            { err: error, keyId },
            'could not record a revocation in Redis; instances rely on LISTEN',
          );
        }
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
}
