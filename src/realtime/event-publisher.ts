import type { RealtimeEventMap, RealtimeEventType } from './event-map.js';

/** Publishes an event for one user to every process listening on the bus (port). */
export interface EventPublisher {
  publish<K extends RealtimeEventType>(userId: string, type: K, payload: RealtimeEventMap[K]): Promise<void>;
}
