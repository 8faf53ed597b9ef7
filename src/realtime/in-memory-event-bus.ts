import type { RealtimeEventMap, RealtimeEventType } from './event-map.js';
import type { EventBus, RealtimeEventHandler } from './event-subscriber.js';
import { HandlerSet } from './handler-set.js';

/** A bus inside one process (unit tests, single-process demos). */
export class InMemoryEventBus implements EventBus {
  private readonly handlers = new HandlerSet();

  async publish<K extends RealtimeEventType>(
    userId: string,
    type: K,
    payload: RealtimeEventMap[K],
  ): Promise<void> {
    // Delivered asynchronously, like a real bus, so publishers never run subscriber code inline.
    const event = { type, userId, payload, publishedAt: Date.now() } as Parameters<RealtimeEventHandler>[0];
    queueMicrotask(() => this.handlers.dispatch(event));
  }

  async subscribe(handler: RealtimeEventHandler): Promise<() => void> {
    return this.handlers.add(handler);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
