/**
 * The dashboard's side of the API's WebSocket. Events are hints (see src/realtime/event-map.ts): the
 * page re-reads state over REST when one arrives, and after every reconnect, so a missed event is
 * harmless. Reconnects back off exponentially with jitter, capped, and reset after a healthy connection.
 */

import type { RealtimeEventMap } from '../../../src/realtime/event-map.js';

/** The same typed event map the worker publishes and the API relays. */
export type RealtimeEvents = RealtimeEventMap;
export type SyncProgressEvent = RealtimeEventMap['sync_progress'];

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface RealtimeClientOptions {
  /**
   * Resolves where to connect (with a fresh token) before each attempt; null = signed out, stop trying.
   * `protocols` are the WebSocket subprotocols to offer (the API reads the token from one of them).
   */
  target: () => Promise<{ url: string; protocols?: string[] } | null>;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface RealtimeHandlers {
  onEvent: <K extends keyof RealtimeEvents>(type: K, payload: RealtimeEvents[K]) => void;
  /** Called on every successful (re)connect, including the first: re-fetch state here. */
  onOpen?: (reconnect: boolean) => void;
  onState?: (state: ConnectionState) => void;
}

const EVENT_TYPES = new Set<string>(['sync_progress', 'wallet_updated', 'sync_failed', 'prices_updated']);

export class RealtimeClient {
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private stopped = false;
  private everOpened = false;
  private readonly minDelay: number;
  private readonly maxDelay: number;

  constructor(
    private readonly options: RealtimeClientOptions,
    private readonly handlers: RealtimeHandlers,
  ) {
    this.minDelay = options.minDelayMs ?? 500;
    this.maxDelay = options.maxDelayMs ?? 15_000;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    if (s && s.readyState <= WebSocket.OPEN) s.close(1000, 'bye');
    this.handlers.onState?.('closed');
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.handlers.onState?.('connecting');
    let target: { url: string; protocols?: string[] } | null;
    try {
      target = await this.options.target();
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (!target || this.stopped) {
      this.handlers.onState?.('closed');
      return;
    }
    let socket: WebSocket;
    try {
      socket = new WebSocket(target.url, target.protocols);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    let healthy: ReturnType<typeof setTimeout> | null = null;
    socket.onopen = () => {
      const reconnect = this.everOpened;
      this.everOpened = true;
      // Only a connection that stays up resets the backoff (a server that accepts then drops at once
      // must not be hammered).
      healthy = setTimeout(() => (this.attempt = 0), 5_000);
      this.handlers.onState?.('open');
      this.handlers.onOpen?.(reconnect);
    };
    socket.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      const event = parseEvent(message.data);
      if (event) this.handlers.onEvent(event.type, event.payload as never);
    };
    socket.onclose = () => {
      if (healthy) clearTimeout(healthy);
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    };
    socket.onerror = () => {
      // onclose follows and schedules the retry.
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.handlers.onState?.('closed');
    const base = Math.min(this.maxDelay, this.minDelay * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 16);
    const delay = base / 2 + Math.random() * (base / 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
  }
}

/** Accepts `{type, payload}` (the bus's shape); anything else is ignored. */
export function parseEvent(
  raw: string,
): { type: keyof RealtimeEvents; payload: RealtimeEvents[keyof RealtimeEvents] } | null {
  try {
    const v = JSON.parse(raw) as { type?: unknown; payload?: unknown; event?: unknown; data?: unknown };
    const type = typeof v.type === 'string' ? v.type : typeof v.event === 'string' ? v.event : null;
    const payload = v.payload ?? v.data;
    if (!type || !EVENT_TYPES.has(type) || !payload || typeof payload !== 'object') return null;
    return { type: type as keyof RealtimeEvents, payload: payload as RealtimeEvents[keyof RealtimeEvents] };
  } catch {
    return null;
  }
}
