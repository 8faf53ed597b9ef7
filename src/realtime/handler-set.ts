import type { RealtimeEvent } from './event-map.js';
import type { RealtimeEventHandler } from './event-subscriber.js';

/** The local handlers of one bus; one failing handler never stops the others. */
export class HandlerSet {
  private readonly handlers = new Set<RealtimeEventHandler>();

  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  add(handler: RealtimeEventHandler): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  get size(): number {
    return this.handlers.size;
  }

  dispatch(event: RealtimeEvent): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
