import { describe, expect, it } from 'vitest';
import { RequestCounter } from '../../../src/chain/request-counter.js';

describe('RequestCounter', () => {
  it('counts by endpoint template, totals, and resets', () => {
    const c = new RequestCounter();
    c.increment('/txs/{hash}');
    c.increment('/txs/{hash}/utxos');
    c.increment('/txs/{hash}/utxos');
    expect(c.total).toBe(3);
    expect(c.snapshot()).toEqual({ '/txs/{hash}/utxos': 2, '/txs/{hash}': 1 });
    expect(Object.keys(c.snapshot())[0]).toBe('/txs/{hash}/utxos');
    c.reset();
    expect(c.total).toBe(0);
    expect(c.snapshot()).toEqual({});
  });
});
