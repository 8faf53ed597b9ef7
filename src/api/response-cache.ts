import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface ResponseCacheOptions {
  /** How long an entry may serve without an event, as a net for missed events. Default 60 s. */
  ttlMs?: number;
  /** Memory budget for cached bodies (UTF-16 length × 2). Default 64 MiB. */
  maxBytes?: number;
  /** Bodies larger than this are not cached. Default 4 MiB. */
  maxEntryBytes?: number;
}

/** A cached response: the JSON text, or only its gzip form when it is large (a year of history). */
export type CachedBody = { body: string; gzip?: undefined } | { body?: undefined; gzip: Buffer };

type Entry = CachedBody & {
  expires: number;
  bytes: number;
  userId: string;
};

/**
 * Per-user cache of serialized read responses (portfolio, history, transaction pages, analytics).
 * Those only change when a sync writes, and every sync announces itself on the event bus, which every
 * API process receives: any event for a user drops that user's entries (and removing a wallet does
 * too). A generation counter per user closes the race of a response computed across an invalidation:
 * it is stored under the generation read before computing, which no longer matches. LRU within a byte
 * budget; a TTL bounds staleness should an event be lost.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByUser = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();
  private bytes = 0;
  private readonly ttlMs: number;
  private readonly maxBytes: number;
  private readonly maxEntryBytes: number;
  hits = 0;
  misses = 0;

  constructor(
    options: ResponseCacheOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.maxEntryBytes = options.maxEntryBytes ?? 4 * 1024 * 1024;
  }

  /** The key of a request: user, the user's current generation, route and raw query string. */
  key(userId: string, route: string, query: string): string {
    return `${userId}\u0000${this.generations.get(userId) ?? 0}\u0000${route}\u0000${query}`;
  }

  get(key: string): CachedBody | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.remove(key);
      return undefined;
    }
    // Refresh the LRU position.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(userId: string, key: string, value: CachedBody): void {
    const bytes = value.gzip ? value.gzip.length : value.body.length * 2;
    if (bytes > this.maxEntryBytes) return;
    // A key from an older generation was invalidated while its response was being computed.
    if (!key.startsWith(`${userId}\u0000${this.generations.get(userId) ?? 0}\u0000`)) return;
    this.remove(key);
    this.entries.set(key, { ...value, expires: this.now() + this.ttlMs, bytes, userId });
    this.bytes += bytes;
    let keys = this.keysByUser.get(userId);
    if (!keys) this.keysByUser.set(userId, (keys = new Set()));
    keys.add(key);
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  invalidateUser(userId: string): void {
    this.generations.set(userId, (this.generations.get(userId) ?? 0) + 1);
    for (const key of this.keysByUser.get(userId) ?? []) this.remove(key);
    this.keysByUser.delete(userId);
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    this.keysByUser.get(entry.userId)?.delete(key);
  }
}

/** Bodies from this size on are sent gzipped to clients that accept it (browsers all do). */
const GZIP_FROM_BYTES = 32 * 1024;

function acceptsGzip(request: FastifyRequest): boolean {
  return /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
}

const gzipAsync = promisify(gzip);

/**
 * From this size on, gzip runs on zlib's thread pool; below it, on the event loop. Measured here for a
 * ~40 KB history body at level 1: gzipSync costs ~80 µs of CPU, while zlib.gzip costs the event loop
 * itself ~150 µs (stream set-up, a fresh zlib context, callbacks) plus the compression on the pool;
 * only for bodies of a few hundred KB (~2 ms synchronously) does the thread pool pay off.
 */
const ASYNC_GZIP_FROM_BYTES = 128 * 1024;

async function pack(body: string): Promise<CachedBody> {
  // Large bodies are kept only gzipped (level 1: repetitive JSON shrinks ~5-10× in well under a
  // millisecond per 100 KB), so the cache holds many more users.
  if (body.length < GZIP_FROM_BYTES) return { body };
  const options = { level: 1 };
  return {
    gzip: body.length < ASYNC_GZIP_FROM_BYTES ? gzipSync(body, options) : await gzipAsync(body, options),
  };
}

/**
 * Answers from the cache, or computes, serializes, stores and answers. `x-cache: hit|miss` tells
 * which. Large bodies go out gzipped to clients that accept it (browsers all do) and are unzipped
 * for the others.
 */
export async function cachedJson(
  cache: ResponseCache | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
  route: string,
  compute: () => Promise<unknown>,
): Promise<FastifyReply> {
  // Fastify sends a string with a JSON content type, and a Buffer, as they are (no serializer).
  const send = (value: CachedBody, cacheState?: 'hit' | 'miss') => {
    reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
    if (cacheState) reply.header('x-cache', cacheState);
    if (value.gzip) {
      if (acceptsGzip(request)) return reply.header('content-encoding', 'gzip').send(value.gzip);
      return reply.send(gunzipSync(value.gzip).toString('utf8'));
    }
    return reply.send(value.body);
  };
  if (!cache) {
    const body = JSON.stringify(await compute());
    return send(acceptsGzip(request) ? await pack(body) : { body });
  }
  const key = cache.key(request.userId, route, request.url.split('?')[1] ?? '');
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.hits++;
    return send(hit, 'hit');
  }
  cache.misses++;
  const packed = await pack(JSON.stringify(await compute()));
  cache.set(request.userId, key, packed);
  return send(packed, 'miss');
}
