export * from './event-map.js';
export type { EventPublisher } from './event-publisher.js';
export type { EventSubscriber, EventBus, RealtimeEventHandler } from './event-subscriber.js';
export { RedisEventBus, type RedisEventBusOptions } from './redis-event-bus.js';
export { PostgresEventBus, type PostgresEventBusOptions } from './postgres-event-bus.js';
export { InMemoryEventBus } from './in-memory-event-bus.js';
export { createEventBus, type EventBusSettings } from './create-event-bus.js';
