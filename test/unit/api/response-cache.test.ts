import '../../../src/api/api-context.js';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../../src/api/response-cache.js';

describe('ResponseCache', () => {
  it('serves per user and drops only that user on invalidation', () => {
    const cache = new ResponseCache();
    const ka = cache.key('a', 'portfolio', '');
    const kb = cache.key('b', 'portfolio', '');
    expect(ka).not.toBe(kb);
    cache.set('a', ka, { body: '{"a":1}' });
    cache.set('b', kb, { body: '{"b":1}' });
    expect(cache.get(ka)?.body).toBe('{"a":1}');
    cache.invalidateUser('a');
    expect(cache.get(ka)).toBeUndefined();
    expect(cache.get(cache.key('a', 'portfolio', ''))).toBeUndefined();
    expect(cache.get(kb)?.body).toBe('{"b":1}');
  });

  it('refuses to store a response computed across an invalidation', () => {
    const cache = new ResponseCache();
    const before = cache.key('a', 'history', 'interval=day');
    cache.invalidateUser('a'); // a sync event arrives while the response is being computed
    cache.set('a', before, { body: 'stale' });
    expect(cache.get(before)).toBeUndefined();
    expect(cache.get(cache.key('a', 'history', 'interval=day'))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('expires entries after the TTL and evicts least recently used within the byte budget', () => {
    let now = 0;
    const cache = new ResponseCache({ ttlMs: 1000, maxBytes: 40 }, () => now);
    const k1 = cache.key('u', 'r', '1');
    const k2 = cache.key('u', 'r', '2');
    const k3 = cache.key('u', 'r', '3');
    cache.set('u', k1, { body: 'x'.repeat(8) }); // 16 bytes
    cache.set('u', k2, { body: 'y'.repeat(8) });
    expect(cache.get(k1)).toBeDefined(); // k1 is now the most recent
    cache.set('u', k3, { body: 'z'.repeat(8) }); // 48 bytes > 40: evicts k2
    expect(cache.get(k2)).toBeUndefined();
    expect(cache.get(k1)).toBeDefined();
    now = 1500;
    expect(cache.get(k1)).toBeUndefined();
  });
});

describe('cachedJson', () => {
  // ~80 KB is compressed on the event loop, ~320 KB on zlib's thread pool: the same answers.
  it.each([2000, 8000])(
    'serves large bodies (%i points) gzipped to clients that accept it, plain otherwise, and caches per user',
    async (n) => {
      const { default: Fastify } = await import('fastify');
      const { gunzipSync } = await import('node:zlib');
      const { cachedJson } = await import('../../../src/api/response-cache.js');
      const cache = new ResponseCache();
      let computed = 0;
      const app = Fastify();
      app.get('/big', async (request, reply) => {
        request.userId = String(request.headers['x-user']);
        return cachedJson(cache, request, reply, 'big', async () => {
          computed++;
          return {
            user: request.userId,
            points: Array.from({ length: n }, (_, i) => ({ at: i, holdings: { lovelace: '1.5' } })),
          };
        });
      });
      const gz = await app.inject({
        url: '/big',
        headers: { 'x-user': 'a', 'accept-encoding': 'gzip, deflate' },
      });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['x-cache']).toBe('miss');
      const unzipped = JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'));
      expect(unzipped.points).toHaveLength(n);
      expect(gz.rawPayload.length).toBeLessThan(JSON.stringify(unzipped).length / 5);
      const plain = await app.inject({ url: '/big', headers: { 'x-user': 'a' } });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['x-cache']).toBe('hit');
      expect(plain.json()).toEqual(unzipped);
      const other = await app.inject({ url: '/big', headers: { 'x-user': 'b' } });
      expect(other.json().user).toBe('b');
      expect(computed).toBe(2);
      await app.close();
    },
  );
});
