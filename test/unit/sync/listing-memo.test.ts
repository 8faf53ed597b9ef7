import { describe, expect, it } from 'vitest';
import { ListingMemo } from '../../../src/sync/rewards/listing-memo.js';

describe('ListingMemo', () => {
  it('answers a second read of the same listing within the ttl without reading again', async () => {
    let now = 0;
    let reads = 0;
    const memo = new ListingMemo({ ttlMs: 1000, now: () => now });
    const read = () => memo.get('stake1a', '500:rewards:1', async () => ++reads);
    expect(await read()).toBe(1);
    expect(await read()).toBe(1);
    now = 1001;
    expect(await read()).toBe(2);
    // Another account or another epoch is its own entry.
    expect(await memo.get('stake1b', '500:rewards:1', async () => 'b')).toBe('b');
    expect(await memo.get('stake1a', '501:rewards:1', async () => 'next epoch')).toBe('next epoch');
  });

  it('forgets an account (a repair reads again) and never keeps a failed read', async () => {
    const memo = new ListingMemo();
    let reads = 0;
    await memo.get('stake1a', 'k', async () => ++reads);
    memo.forget('stake1a');
    expect(await memo.get('stake1a', 'k', async () => ++reads)).toBe(2);
    await expect(memo.get('stake1c', 'k', () => Promise.reject(new Error('429')))).rejects.toThrow('429');
    expect(await memo.get('stake1c', 'k', async () => 'ok')).toBe('ok');
  });
});
