import { Injectable } from '@nestjs/common';
import type { Keyset } from '../../common/http/pagination';
import { PgNotifications, type Subscription } from '../../core/database/pg-notifications';

/** The channel the `nhx_notify_bots` trigger raises, with the workspace id, on any change to a bot. */
export const BOTS_CHANNEL = 'nhx_bots';
/** A list is re-read from the database after this long even without a notification. */
export const BOTS_CACHE_TTL_MS = 30_000;
export const BOTS_CACHE_MAX_WORKSPACES = 10_000;
/** Bots over all cached lists: bounds the memory whatever the workspaces' sizes. */
export const BOTS_CACHE_MAX_TOTAL_BOTS = 100_000;
/** A workspace with more bots than this is not cached: its pages keep the keyset query. */
export const BOTS_CACHE_MAX_BOTS = 1_000;

/** A bot as the list shows it, plus its `created_at` at PostgreSQL's precision. */
export interface CachedBot extends Keyset {
  name: string;
  isActive: boolean;
  /** `created_at` in microseconds since the epoch (`createdAt` has milliseconds only). */
  createdAtUs: number;
}

interface Entry {
  /** Oldest first, by `(created_at, id)` as PostgreSQL orders them; null: too many to cache. */
  bots: readonly CachedBot[] | null;
  expiresAt: number;
}

/**
 * The API process's cache of each workspace's bot list (`GET /bots`), keyed by workspace id: a hit
 * costs no query.
 *
 * Changes show at once on every instance, as for `ApiKeyCache`: a trigger on `bots` notifies
 * `nhx_bots` with the workspace id on every insert, update or delete (whoever makes it), and each
 * instance LISTENs and drops that workspace's list. The cache is only used while the LISTEN
 * connection is up and is emptied whenever it is (re)made; lists expire after 30 s anyway.
 */
@Injectable()
export class BotsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly notifications: Subscription;
  /** Bots held over all entries. */
  private total = 0;
  /** Bumped by every invalidation: a list read before one must not be cached after it. */
  private generation = 0;

  constructor(notifications: PgNotifications) {
    this.notifications = notifications.subscribe(BOTS_CHANNEL, {
      notify: (payload) => this.invalidate(payload),
      // Whatever changed while no one listened is unknown: start empty.
      reset: () => this.clear(),
    });
  }

  /** True while changes are notified; the first call starts the LISTEN connection. */
  listening(): boolean {
    return this.notifications.listening();
  }

  /**
   * The workspace's bots, oldest first; null when it has too many to cache; undefined when nothing
   * is cached for it (always while notifications are not flowing).
   */
  get(workspaceId: string, now = Date.now()): readonly CachedBot[] | null | undefined {
    if (!this.notifications.listening()) return undefined;
    const entry = this.entries.get(workspaceId);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.drop(workspaceId);
      return undefined;
    }
    return entry.bots;
  }

  /** Take before reading a list from the database; pass to `set`. */
  mark(): number {
    return this.generation;
  }

  /** Caches a list read from the database (null: too many), unless anything was invalidated since `mark`. */
  set(workspaceId: string, bots: readonly CachedBot[] | null, mark: number, now = Date.now()): void {
    if (!this.notifications.listening() || mark !== this.generation) return;
    const size = bots?.length ?? 0;
    if (size > BOTS_CACHE_MAX_TOTAL_BOTS) return;
    this.drop(workspaceId);
    // Maps iterate in insertion order: drop the oldest entries.
    while (this.entries.size >= BOTS_CACHE_MAX_WORKSPACES || this.total + size > BOTS_CACHE_MAX_TOTAL_BOTS) {
      this.drop(this.entries.keys().next().value as string);
    }
    this.entries.set(workspaceId, { bots, expiresAt: now + BOTS_CACHE_TTL_MS });
    this.total += size;
  }

  /** Drops the list of a workspace, or every list for `*`. */
  invalidate(workspaceId: string): void {
    if (workspaceId === '*') {
      this.clear();
      return;
    }
    this.generation += 1;
    this.drop(workspaceId);
  }

  private drop(workspaceId: string): void {
    const entry = this.entries.get(workspaceId);
    if (!entry) return;
    this.entries.delete(workspaceId);
    this.total -= entry.bots?.length ?? 0;
  }

  private clear(): void {
    this.entries.clear();
    this.total = 0;
    this.generation += 1;
  }
}

/**
 * Where the page after `after` starts in a cached list: the index of the first bot with
 * `(created_at, id) > (after.createdAt, after.id)`, as PostgreSQL compares them. The position is
 * found by binary search on `created_at`; among bots created in the cursor's very microsecond, only
 * the cursor's own bot can be placed without the database's collation (ids compare by it), so
 * another id there answers undefined: ask PostgreSQL.
 */
export function positionAfter(bots: readonly CachedBot[], after: Keyset): number | undefined {
  const us = after.createdAt.getTime() * 1000;
  let low = 0;
  let high = bots.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (bots[middle].createdAtUs < us) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < bots.length && bots[end].createdAtUs === us) {
    if (bots[end].id === after.id) return end + 1;
    end += 1;
  }
  return end === low ? low : undefined;
}
