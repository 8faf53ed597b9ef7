import { describe, expect, it } from 'vitest';
import { expectArray, expectObject } from '../../../src/chain/blockfrost-shapes.js';
import { BlockfrostMalformedResponseError } from '../../../src/chain/errors/index.js';

describe('shape checks', () => {
  it('accepts documented shapes and rejects others with a typed error', () => {
    const shape = { hash: 'string', height: 'number|null' } as const;
    expect(expectObject('/blocks/latest', { hash: 'ab', height: null, extra: 1 }, shape)).toMatchObject({
      hash: 'ab',
    });
    for (const bad of [null, [], 'x', { hash: 1, height: 2 }, { hash: 'ab' }]) {
      expect(() => expectObject('/blocks/latest', bad, shape)).toThrow(BlockfrostMalformedResponseError);
    }
    expect(expectArray('/x', [{ hash: 'a', height: 1 }], shape)).toHaveLength(1);
    expect(expectArray('/x', ['a', 'b'], 'string')).toEqual(['a', 'b']);
    expect(() => expectArray('/x', { hash: 'a' }, shape)).toThrow(/expected a list/);
    expect(() => expectArray('/x', [{ hash: 'a', height: 1 }, { hash: 2 }], shape)).toThrow(/item 1/);
    const error = (() => {
      try {
        expectObject('/txs/{hash}', 'oops', shape);
      } catch (e) {
        return e as BlockfrostMalformedResponseError;
      }
    })();
    expect(error).toMatchObject({ reason: 'malformed', endpoint: '/txs/{hash}' });
  });
});
