import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../sim/index.js';
import { api, type Api } from './sim-test-helpers.js';

type Entry = { tx_hash: string; tx_index: number; block_height: number };

describe('pagination, ordering and from/to as Blockfrost documents them', () => {
  let sim: SimulatorHandle;
  let client: Api;
  let address: string;
  let stake: string;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, wallets: 6, txsPerWallet: 150, limits: { enabled: false } });
    client = api(sim.url, sim.controlUrl);
    const w = sim.wallets.find((x) => x.kind === 'stake')!;
    stake = w.address;
    address = [...sim.model.account(stake)!.addresses].sort(
      (a, b) => sim.model.txOrdinalsOfAddress(b)!.length - sim.model.txOrdinalsOfAddress(a)!.length,
    )[0]!;
  });
  afterAll(() => sim.close());

  const list = async (path: string): Promise<Entry[]> => {
    const { status, body } = await client.get(path);
    expect(status, path).toBe(200);
    return body as Entry[];
  };

  it('defaults to count 100, page 1, ascending by (block, index)', async () => {
    const all = sim.model.txOrdinalsOfAddress(address)!.map((o) => sim.model.txs[o]!.hash);
    expect(all.length).toBeGreaterThan(30);
    const first = await list(`/addresses/${address}/transactions`);
    expect(first.map((e) => e.tx_hash)).toEqual(all.slice(0, 100));
    for (let i = 1; i < first.length; i++) {
      const a = first[i - 1]!;
      const b = first[i]!;
      expect(
        a.block_height < b.block_height || (a.block_height === b.block_height && a.tx_index < b.tx_index),
      ).toBe(true);
    }
  });

  it('pages with count and page, and desc reverses the whole list', async () => {
    const all = await list(`/addresses/${address}/transactions?count=100`);
    const pages: Entry[] = [];
    for (let page = 1; ; page++) {
      const p = await list(`/addresses/${address}/transactions?count=7&page=${page}`);
      pages.push(...p);
      if (p.length < 7) break;
    }
    expect(pages).toEqual(all);
    const desc = await list(`/addresses/${address}/transactions?count=100&order=desc`);
    expect(desc).toEqual([...all].reverse());
    const desc2 = await list(`/addresses/${address}/transactions?count=5&page=2&order=desc`);
    expect(desc2).toEqual([...all].reverse().slice(5, 10));
    expect(await list(`/addresses/${address}/transactions?page=999`)).toEqual([]);
  });

  it('filters with from/to (block[:index], both inclusive) before paging', async () => {
    const all = await list(`/addresses/${address}/transactions`);
    const mid = all[Math.floor(all.length / 2)]!;
    const last = all[all.length - 3]!;
    const inRange = (e: Entry, f: [number, number], t: [number, number]): boolean =>
      (e.block_height > f[0] || (e.block_height === f[0] && e.tx_index >= f[1])) &&
      (e.block_height < t[0] || (e.block_height === t[0] && e.tx_index <= t[1]));
    const byBlock = await list(
      `/addresses/${address}/transactions?from=${mid.block_height}&to=${last.block_height}`,
    );
    expect(byBlock).toEqual(
      all.filter((e) => inRange(e, [mid.block_height, 0], [last.block_height, Infinity])),
    );
    const byIndex = await list(
      `/addresses/${address}/transactions?from=${mid.block_height}:${mid.tx_index}&to=${last.block_height}:${last.tx_index}`,
    );
    expect(byIndex[0]).toEqual(mid);
    expect(byIndex[byIndex.length - 1]).toEqual(last);
    expect(byIndex).toEqual(
      all.filter((e) => inRange(e, [mid.block_height, mid.tx_index], [last.block_height, last.tx_index])),
    );
    const descRange = await list(
      `/addresses/${address}/transactions?from=${mid.block_height}:${mid.tx_index}&order=desc&count=3`,
    );
    expect(descRange).toEqual([...all].reverse().slice(0, 3));
    const onlyTo = await list(
      `/addresses/${address}/transactions?to=${mid.block_height}:${mid.tx_index}&order=desc&count=2`,
    );
    expect(onlyTo[0]).toEqual(mid);
    const acc = (await client.get(`/accounts/${stake}/transactions?from=${mid.block_height}&count=100`))
      .body as Entry[];
    expect(acc.every((e) => e.block_height >= mid.block_height)).toBe(true);
    expect(acc.map((e) => e.tx_hash)).toContain(mid.tx_hash);
  });

  it('answers 400 with Blockfrost’s body for out-of-range parameters', async () => {
    for (const q of [
      'count=0',
      'count=101',
      'page=0',
      'order=up',
      'count=abc',
      'from=x',
      'from=20:1&to=10',
    ]) {
      const { status, body } = await client.get(`/addresses/${address}/transactions?${q}`);
      expect(status, q).toBe(400);
      expect(body, q).toMatchObject({ status_code: 400, error: 'Bad Request' });
    }
    expect((await client.get(`/accounts/${stake}/rewards?count=101`)).status).toBe(400);
  });

  it('pages the other lists the same way', async () => {
    const all = (await client.get(`/accounts/${stake}/addresses`)).body as Array<{ address: string }>;
    const one = (await client.get(`/accounts/${stake}/addresses?count=1&page=2&order=desc`)).body as Array<{
      address: string;
    }>;
    expect(one).toEqual([[...all].reverse()[1]]);
    const rewards = (await client.get(`/accounts/${stake}/rewards?count=2&order=desc`)).body as unknown[];
    const asc = (await client.get(`/accounts/${stake}/rewards`)).body as unknown[];
    expect(asc.length).toBeGreaterThan(2);
    expect(rewards).toEqual([...asc].reverse().slice(0, 2));
  });
});
