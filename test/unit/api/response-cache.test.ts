import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../../src/api/response-cache.js';

describe('ResponseCache', () => {
  it('serves per user and drops only that user on invalidation', () => {
    const cache = new ResponseCache();
    const ka = cache.key('a', 'portfolio', '');
    const kb = cache.key('b', 'portfolio', '');
    expect(ka).not.toBe(kb);
    cache.set('a', ka, '{"a":1}');
    cache.set('b', kb, '{"b":1}');
    expect(cache.get(ka)).toBe('{"a":1}');
    cache.invalidateUser('a');
    expect(cache.get(ka)).toBeUndefined();
    expect(cache.get(cache.key('a', 'portfolio', ''))).toBeUndefined();
    expect(cache.get(kb)).toBe('{"b":1}');
  });

  it('refuses to store a response computed across an invalidation', () => {
    const cache = new ResponseCache();
    const before = cache.key('a', 'history', 'interval=day');
    cache.invalidateUser('a'); // a sync event arrives while the response is being computed
    cache.set('a', before, 'stale');
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
    cache.set('u', k1, 'x'.repeat(8)); // 16 bytes
    cache.set('u', k2, 'y'.repeat(8));
    expect(cache.get(k1)).toBeDefined(); // k1 is now the most recent
    cache.set('u', k3, 'z'.repeat(8)); // 48 bytes > 40: evicts k2
    expect(cache.get(k2)).toBeUndefined();
    expect(cache.get(k1)).toBeDefined();
    now = 1500;
    expect(cache.get(k1)).toBeUndefined();
  });
});
