/**
 * The real-time events a sync worker publishes and the API relays to the owner's browser.
 * Shared by the worker (publisher), the WebSocket relay and the dashboard. Events are hints: a client
 * that misses one re-reads state over REST.
 */
export interface RealtimeEventMap {
  sync_progress: { walletId: string; walletAddress: string; phase: string; done: number; total: number };
  wallet_updated: { walletId: string; walletAddress: string };
  sync_failed: { walletId: string; walletAddress: string; reason: string };
  /** The price refresh stored new prices: values changed for every holding of the user. */
  prices_updated: { changedFrom: string | null };
}

export type RealtimeEventType = keyof RealtimeEventMap;

export const REALTIME_EVENT_TYPES: readonly RealtimeEventType[] = [
  'sync_progress',
  'wallet_updated',
  'sync_failed',
  'prices_updated',
];

/** One event on the bus: addressed to exactly one user. */
export type RealtimeEvent = {
  [K in RealtimeEventType]: {
    type: K;
    userId: string;
    payload: RealtimeEventMap[K];
    /** Milliseconds since the epoch when the publisher sent it (for latency figures). */
    publishedAt: number;
  };
}[RealtimeEventType];

export function isRealtimeEventType(value: unknown): value is RealtimeEventType {
  return typeof value === 'string' && (REALTIME_EVENT_TYPES as readonly string[]).includes(value);
}

/** Parses a message from the wire; returns null for anything malformed (never throws). */
export function decodeRealtimeEvent(raw: string): RealtimeEvent | null {
  try {
    const value = JSON.parse(raw) as Partial<RealtimeEvent>;
    if (!value || typeof value !== 'object') return null;
    if (!isRealtimeEventType(value.type) || typeof value.userId !== 'string' || !value.userId) return null;
    if (!value.payload || typeof value.payload !== 'object') return null;
    return {
      type: value.type,
      userId: value.userId,
      payload: value.payload,
      publishedAt: typeof value.publishedAt === 'number' ? value.publishedAt : Date.now(),
    } as RealtimeEvent;
  } catch {
    return null;
  }
}
