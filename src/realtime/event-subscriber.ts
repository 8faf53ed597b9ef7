import type { RealtimeEvent } from './event-map.js';
import type { EventPublisher } from './event-publisher.js';

export type RealtimeEventHandler = (event: RealtimeEvent) => void;

/**
 * Receives every user's events published by any process (port). Consumers such as the WebSocket relay
 * fan them out in memory to the right connections.
 */
export interface EventSubscriber {
  /** Resolves once the subscription is live (events published after that are delivered). */
  subscribe(handler: RealtimeEventHandler): Promise<() => void>;
}

/** A bus is both ends plus a lifecycle. */
export interface EventBus extends EventPublisher, EventSubscriber {
  /** Checks the connection (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
