import type { WebSocket } from 'ws';
import type { RealtimeEvent } from '../../realtime/event-map.js';
import type { EventSubscriber } from '../../realtime/event-subscriber.js';

export interface WsRelayOptions {
  /** Ping interval; a socket that has not answered the previous ping is terminated. */
  heartbeatMs: number;
}

export interface WsRelayDeps {
  bus: EventSubscriber;
  onSent?: (type: string) => void;
  onConnectionsChanged?: (count: number) => void;
  log?: { warn(obj: unknown, msg: string): void };
}

/**
 * Relays bus events to the owner's sockets. One bus subscription for the whole process; sockets are
 * indexed by user id, so an event costs one map lookup and goes only to that user's connections.
 */
export class WsRelay {
  private readonly byUser = new Map<string, Set<WebSocket>>();
  private readonly alive = new WeakSet<WebSocket>();
  private unsubscribe: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private count = 0;

  constructor(
    private readonly options: WsRelayOptions,
    private readonly deps: WsRelayDeps,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.deps.bus.subscribe((event) => this.deliver(event));
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  add(userId: string, socket: WebSocket): void {
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(socket);
    this.alive.add(socket);
    this.count++;
    this.deps.onConnectionsChanged?.(this.count);
    socket.on('pong', () => this.alive.add(socket));
    socket.on('close', () => {
      const s = this.byUser.get(userId);
      if (s?.delete(socket)) {
        this.count--;
        this.deps.onConnectionsChanged?.(this.count);
        if (s.size === 0) this.byUser.delete(userId);
      }
    });
  }

  get connections(): number {
    return this.count;
  }

  private deliver(event: RealtimeEvent): void {
    const sockets = this.byUser.get(event.userId);
    if (!sockets) return;
    const frame = JSON.stringify({
      type: event.type,
      payload: event.payload,
      publishedAt: event.publishedAt,
    });
    for (const socket of sockets) {
      if (socket.readyState !== socket.OPEN) continue;
      socket.send(frame, (error) => {
        if (error) this.deps.log?.warn({ err: error }, 'websocket send failed');
      });
      this.deps.onSent?.(event.type);
    }
  }

  private beat(): void {
    for (const sockets of this.byUser.values()) {
      for (const socket of sockets) {
        if (!this.alive.has(socket)) {
          socket.terminate();
          continue;
        }
        this.alive.delete(socket);
        socket.ping();
      }
    }
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.unsubscribe?.();
    for (const sockets of this.byUser.values())
      for (const s of sockets) s.close(1001, 'server shutting down');
    this.byUser.clear();
  }
}
