import { Redis } from 'ioredis';
import { decodeRealtimeEvent, type RealtimeEventMap, type RealtimeEventType } from './event-map.js';
import type { EventBus, RealtimeEventHandler } from './event-subscriber.js';
import { HandlerSet } from './handler-set.js';

export interface RedisEventBusOptions {
  /** redis:// URL. */
  url: string;
  /** Key prefix (tests use one each); the channel is `<prefix>events`. Default `adafolio:`. */
  prefix?: string;
}

export interface RedisEventBusDeps {
  onError?: (error: unknown) => void;
}

/**
 * Event bus over Redis pub/sub.
 *
 * One channel for all users, with the user id in the message: each API process holds ONE subscription
 * whatever the number of WebSocket clients, so 1,000 clients connecting or leaving cost no
 * SUBSCRIBE/UNSUBSCRIBE round trips, and fan-out is a map lookup by user id in the relay. The price
 * is that every API process sees every user's events; they are a few hundred bytes and at most a few
 * per second per syncing wallet, which is nothing for Redis or Node. Messages never reach a browser
 * without the relay's user filter.
 */
export class RedisEventBus implements EventBus {
  private readonly channel: string;
  private readonly publisher: Redis;
  private subscriber: Redis | undefined;
  private subscribing: Promise<void> | undefined;
  private readonly handlers: HandlerSet;

  constructor(
    private readonly options: RedisEventBusOptions,
    private readonly deps: RedisEventBusDeps = {},
  ) {
    this.channel = `${options.prefix ?? 'adafolio:'}events`;
    this.publisher = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.publisher.on('error', (e) => deps.onError?.(e));
    this.handlers = new HandlerSet(deps.onError);
  }

  async publish<K extends RealtimeEventType>(
    userId: string,
    type: K,
    payload: RealtimeEventMap[K],
  ): Promise<void> {
    await this.publisher.publish(
      this.channel,
      JSON.stringify({ type, userId, payload, publishedAt: Date.now() }),
    );
  }

  async subscribe(handler: RealtimeEventHandler): Promise<() => void> {
    const remove = this.handlers.add(handler);
    if (!this.subscribing) {
      const sub = new Redis(this.options.url, { maxRetriesPerRequest: null });
      sub.on('error', (e) => this.deps.onError?.(e));
      sub.on('message', (_channel: string, message: string) => {
        const event = decodeRealtimeEvent(message);
        if (event) this.handlers.dispatch(event);
      });
      this.subscriber = sub;
      this.subscribing = sub.subscribe(this.channel).then(() => undefined);
    }
    await this.subscribing;
    return remove;
  }

  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  async close(): Promise<void> {
    const sub = this.subscriber;
    this.subscriber = undefined;
    this.subscribing = undefined;
    await Promise.allSettled([sub?.quit(), this.publisher.quit()]);
  }
}
