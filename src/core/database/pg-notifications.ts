import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.token';
import { APP_LOGGER } from '../logging/logger.token';

const RECONNECT_MS = 1_000;
/** The listener's `application_name`, to find its backend in `pg_stat_activity`. */
export const LISTENER_APPLICATION_NAME = 'nebulahex-listen';
/** Channel names are interpolated into `LISTEN`: plain lower-case identifiers only. */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A consumer of one channel's notifications (an in-memory cache, typically). */
export interface ChannelSubscriber {
  /** A notification on the channel, with its payload ('' when none). */
  notify(payload: string): void;
  /**
   * Called whenever the connection is (re)made, once its LISTEN is in place, and whenever it is lost:
   * what was notified meanwhile is unknown, so anything derived from earlier reads must go.
   */
  reset(): void;
}

export interface Subscription {
  /**
   * True while this channel's notifications are flowing (the connection is up and LISTENs on it).
   * The first call of any subscription starts the connection.
   */
  listening(): boolean;
}

/**
 * A process's LISTEN connection: one pg connection for every channel (the API's key cache, the
 * worker's outbox relay), made on first use (so processes that never ask, the CLI, never open it)
 * and made again 1 s after any loss. Subscribers are told of every notification on their channel, and `reset` on every
 * (re)connect and loss; `listening()` says whether notifications are flowing right now, which is
 * what lets a cache be used only when no change can go unnoticed.
 */
@Injectable()
export class PgNotifications implements OnApplicationShutdown {
  private readonly subscribers = new Map<string, ChannelSubscriber[]>();
  /** The channels the current connection LISTENs on. */
  private readonly active = new Set<string>();
  private client: Client | null = null;
  private connected = false;
  private started = false;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** True while the connection is up and LISTENs on every channel subscribed so far. */
  get listening(): boolean {
    return this.connected && this.active.size === this.subscribers.size;
  }

  /** Registers a subscriber (no connection yet: that waits for the first `listening()`). */
  subscribe(channel: string, subscriber: ChannelSubscriber): Subscription {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`invalid notification channel name: ${channel}`);
    const subscribers = this.subscribers.get(channel);
    if (subscribers) {
      subscribers.push(subscriber);
    } else {
      this.subscribers.set(channel, [subscriber]);
      if (this.connected && this.client) void this.listenLate(this.client, channel);
    }
    return {
      listening: () => {
        if (!this.started) {
          this.started = true;
          void this.run();
        }
        return this.active.has(channel);
      },
    };
  }

  private deliver(channel: string, payload: string): void {
    for (const subscriber of this.subscribers.get(channel) ?? []) {
      try {
        subscriber.notify(payload);
      } catch (error) {
        this.logger.error({ err: error, channel }, 'notification subscriber failed');
      }
    }
  }

  private reset(channel: string): void {
    for (const subscriber of this.subscribers.get(channel) ?? []) subscriber.reset();
  }

  /** A channel subscribed while the connection was already up. */
  private async listenLate(client: Client, channel: string): Promise<void> {
    try {
      await client.query(`LISTEN ${channel}`);
    } catch {
      return; // the connection is going: the loop LISTENs again on the next one
    }
    if (this.client === client && this.connected && !this.active.has(channel)) {
      this.active.add(channel);
      this.reset(channel);
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const client = new Client({
        // LISTEN belongs to one server session: through a transaction-mode pooler it would land on a
        // pooled connection that others then use, and the notifications would go nowhere.
        connectionString: this.config.databaseDirectUrl,
        application_name: LISTENER_APPLICATION_NAME,
      });
      this.client = client;
      try {
        client.on('notification', (message) => this.deliver(message.channel, message.payload ?? ''));
        const lost = new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.once('end', () => resolve());
        });
        await client.connect();
        const channels = [...this.subscribers.keys()];
        if (channels.length > 0) await client.query(channels.map((name) => `LISTEN ${name}`).join('; '));
        if (!this.stopped) {
          this.connected = true;
          // Whatever changed while no one listened is unknown: every subscriber starts afresh.
          for (const channel of channels) {
            this.active.add(channel);
            this.reset(channel);
          }
          for (const channel of this.subscribers.keys()) {
            if (!this.active.has(channel)) void this.listenLate(client, channel);
          }
          await lost;
          if (!this.stopped) this.logger.warn('LISTEN connection lost; caches unused until it is back');
        }
      } catch (error) {
        if (!this.stopped) this.logger.warn({ err: error }, 'LISTEN failed; caches unused until it is up');
      }
      this.connected = false;
      this.client = null;
      this.active.clear();
      for (const channel of this.subscribers.keys()) this.reset(channel);
      await client.end().catch(() => undefined);
      if (!this.stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, RECONNECT_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.connected = false;
    this.active.clear();
    this.wake?.();
    await this.client?.end().catch(() => undefined);
  }
}
