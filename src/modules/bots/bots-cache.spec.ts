import { describe, expect, it } from 'vitest';
import type { ChannelSubscriber, PgNotifications } from '../../core/database/pg-notifications';
import {
  BOTS_CACHE_MAX_TOTAL_BOTS,
  BOTS_CACHE_MAX_WORKSPACES,
  BOTS_CACHE_TTL_MS,
  BOTS_CHANNEL,
  BotsCache,
  positionAfter,
  type CachedBot,
} from './bots-cache';

/** A BotsCache on a stand-in for the LISTEN connection. */
function cacheWithChannel() {
  const state = { listening: true, subscriber: undefined as ChannelSubscriber | undefined };
  const notifications = {
    subscribe: (channel: string, subscriber: ChannelSubscriber) => {
      expect(channel).toBe(BOTS_CHANNEL);
      state.subscriber = subscriber;
      return { listening: () => state.listening };
    },
  } as unknown as PgNotifications;
  return { cache: new BotsCache(notifications), state };
}

function bot(us: number, id: string): CachedBot {
  return { id, name: id, isActive: true, createdAt: new Date(Math.floor(us / 1000)), createdAtUs: us };
}

describe('BotsCache', () => {
  it('caches a list until a notification for its workspace, a reset or the TTL', () => {
    const { cache, state } = cacheWithChannel();
    const list = [bot(1_000, 'bot_a')];
    cache.set('ws_1', list, cache.mark(), 0);
    cache.set('ws_2', null, cache.mark(), 0);
    expect(cache.get('ws_1', 1)).toBe(list);
    expect(cache.get('ws_2', 1)).toBeNull();
    state.subscriber!.notify('ws_1');
    expect(cache.get('ws_1', 1)).toBeUndefined();
    expect(cache.get('ws_2', 1)).toBeNull();
    state.subscriber!.reset();
    expect(cache.get('ws_2', 1)).toBeUndefined();
    cache.set('ws_1', list, cache.mark(), 0);
    expect(cache.get('ws_1', BOTS_CACHE_TTL_MS - 1)).toBe(list);
    expect(cache.get('ws_1', BOTS_CACHE_TTL_MS)).toBeUndefined();
    cache.set('ws_1', list, cache.mark(), 0);
    state.subscriber!.notify('*');
    expect(cache.get('ws_1', 1)).toBeUndefined();
  });

  it('refuses a list read before an invalidation, and caches nothing while not listening', () => {
    const { cache, state } = cacheWithChannel();
    const mark = cache.mark();
    state.subscriber!.notify('ws_other');
    cache.set('ws_1', [], mark, 0);
    expect(cache.get('ws_1', 1)).toBeUndefined();
    state.listening = false;
    cache.set('ws_1', [], cache.mark(), 0);
    state.listening = true;
    expect(cache.get('ws_1', 1)).toBeUndefined();
  });

  it('drops the oldest lists beyond the bounds on workspaces and on bots', () => {
    const { cache } = cacheWithChannel();
    for (let i = 0; i <= BOTS_CACHE_MAX_WORKSPACES; i += 1) cache.set(`ws_${i}`, [], cache.mark(), 0);
    expect(cache.get('ws_0', 1)).toBeUndefined();
    expect(cache.get('ws_1', 1)).toEqual([]);
    const half = Array.from({ length: BOTS_CACHE_MAX_TOTAL_BOTS / 2 }, (_, i) => bot(i, `bot_${i}`));
    cache.set('ws_big1', half, cache.mark(), 0);
    cache.set('ws_big2', half, cache.mark(), 0);
    expect(cache.get('ws_big1', 1)).toBe(half);
    cache.set('ws_small', [bot(1, 'bot_x')], cache.mark(), 0);
    expect(cache.get('ws_big1', 1)).toBeUndefined();
    expect(cache.get('ws_big2', 1)).toBe(half);
    expect(cache.get('ws_small', 1)).toHaveLength(1);
  });
});

describe('positionAfter', () => {
  const bots = [
    bot(1_000, 'bot_a'),
    bot(2_000, 'bot_a'),
    bot(2_000, 'bot_c'),
    bot(2_500, 'bot_b'),
    bot(3_000, 'bot_a'),
  ];
  const at = (ms: number, id: string) => positionAfter(bots, { createdAt: new Date(ms), id });

  it('starts after the cursor, by time then by the bot itself', () => {
    expect(at(0, 'bot_z')).toBe(0);
    expect(at(1, 'bot_a')).toBe(1);
    expect(at(2, 'bot_a')).toBe(2);
    expect(at(2, 'bot_c')).toBe(3);
    expect(at(3, 'bot_a')).toBe(5);
    expect(at(4, '')).toBe(5);
  });

  it('leaves an unknown id among bots of the very same time to PostgreSQL (collation)', () => {
    expect(at(2, 'bot_b')).toBeUndefined();
    expect(at(3, 'bot_0')).toBeUndefined();
    expect(at(1, 'bot_z')).toBeUndefined();
  });
});
