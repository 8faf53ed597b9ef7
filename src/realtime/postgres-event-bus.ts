import pg from 'pg';
import { pgConfigFromUrl } from '../db/pg-config-from-url.js';
import { decodeRealtimeEvent, type RealtimeEventMap, type RealtimeEventType } from './event-map.js';
import type { EventBus, RealtimeEventHandler } from './event-subscriber.js';
import { HandlerSet } from './handler-set.js';

export interface PostgresEventBusOptions {
  databaseUrl: string;
  /** NOTIFY channel name (letters, digits, underscore). Default `adafolio_events`. */
  channel?: string;
  /** Delay before re-LISTENing after the listening connection drops. Default 1000 ms. */
  reconnectDelayMs?: number;
}

export interface PostgresEventBusDeps {
  onError?: (error: unknown) => void;
}

/**
 * Event bus over PostgreSQL NOTIFY/LISTEN, for deployments without Redis. Same single-channel design
 * as RedisEventBus (user id in the payload). NOTIFY payloads are limited to 8000 bytes; our events
 * are far smaller. One dedicated connection listens; publishing uses a small pool.
 */
export class PostgresEventBus implements EventBus {
  private readonly channel: string;
  private readonly pool: pg.Pool;
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private closed = false;
  private readonly handlers: HandlerSet;

  constructor(
    private readonly options: PostgresEventBusOptions,
    private readonly deps: PostgresEventBusDeps = {},
  ) {
    this.channel = options.channel ?? 'adafolio_events';
    if (!/^[a-z_][a-z0-9_]*$/i.test(this.channel))
      throw new Error(`invalid NOTIFY channel name: ${this.channel}`);
    this.pool = new pg.Pool({ ...pgConfigFromUrl(options.databaseUrl), max: 2 });
    this.pool.on('error', (e) => deps.onError?.(e));
    this.handlers = new HandlerSet(deps.onError);
  }

  async publish<K extends RealtimeEventType>(
    userId: string,
    type: K,
    payload: RealtimeEventMap[K],
  ): Promise<void> {
    const message = JSON.stringify({ type, userId, payload, publishedAt: Date.now() });
    await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, message]);
  }

  async subscribe(handler: RealtimeEventHandler): Promise<() => void> {
    const remove = this.handlers.add(handler);
    if (!this.listening) this.listening = this.listen();
    await this.listening;
    return remove;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client(pgConfigFromUrl(this.options.databaseUrl));
    client.on('notification', (msg) => {
      if (msg.channel !== this.channel || !msg.payload) return;
      const event = decodeRealtimeEvent(msg.payload);
      if (event) this.handlers.dispatch(event);
    });
    client.on('error', (error) => {
      this.deps.onError?.(error);
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.listener = client;
  }

  private reconnect(dead: pg.Client): void {
    if (this.closed || this.listener !== dead) return;
    this.listener = undefined;
    setTimeout(() => {
      if (this.closed) return;
      this.listening = this.listen().catch((error) => {
        this.deps.onError?.(error);
        this.listening = undefined;
      });
    }, this.options.reconnectDelayMs ?? 1000).unref();
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    await Promise.allSettled([listener?.end(), this.pool.end()]);
  }
}
