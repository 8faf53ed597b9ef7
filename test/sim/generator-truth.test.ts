import { describe, expect, it } from 'vitest';
import { buildChain } from '../../sim/index.js';
import { GroundTruth, type TruthWallet } from '../../sim/truth/ground-truth.js';
import { addressInfo } from '../../sim/util/cardano-address.js';

function truthOf(options: Parameters<typeof buildChain>[0]): {
  json: string;
  wallets: TruthWallet[];
  chain: ReturnType<typeof buildChain>;
} {
  const chain = buildChain(options);
  let json = '';
  chain.control.writeTruth((c) => (json += c));
  return { json, wallets: (JSON.parse(json) as { wallets: TruthWallet[] }).wallets, chain };
}

describe('chain generator', () => {
  const { json, wallets, chain } = truthOf({ seed: 5, wallets: 30, txsPerWallet: 120 });
  const model = chain.model();

  it('is deterministic: the same seed gives a byte-identical chain and truth', () => {
    const again = truthOf({ seed: 5, wallets: 30, txsPerWallet: 120 });
    expect(again.json).toBe(json);
    const dump = (m: typeof model): string =>
      JSON.stringify(
        m.txs.map((t) => [
          t.hash,
          t.block.hash,
          t.fee,
          t.inputs.map((i) => [i.txHash, i.index]),
          t.outputs.map((o) => [o.address, o.lovelace, o.assets]),
        ]),
        (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
      );
    expect(dump(again.chain.model())).toBe(dump(model));
    expect(truthOf({ seed: 6, wallets: 30, txsPerWallet: 120 }).json).not.toBe(json);
  });

  it('makes stake accounts with several real bech32 addresses, and a couple of payment-only wallets', () => {
    const payment = wallets.filter((w) => w.kind === 'payment');
    expect(payment.length).toBeGreaterThanOrEqual(2);
    for (const w of payment)
      expect(addressInfo(w.address)).toMatchObject({ type: 'shelley', stakeAddress: null, script: false });
    for (const w of wallets.filter((x) => x.kind === 'stake')) {
      expect(w.address).toMatch(/^stake1u/);
      expect(w.addresses.length).toBeGreaterThanOrEqual(2);
      for (const a of w.addresses) expect(addressInfo(a).stakeAddress).toBe(w.address);
    }
    expect(new Set(wallets.map((w) => w.owner)).size).toBeLessThan(wallets.length);
  });

  it('covers every kind of transaction the ledger rules name', () => {
    const actions = new Set(wallets.flatMap((w) => w.expected.transactions.map((t) => t.action)));
    for (const a of [
      'receive',
      'send',
      'self_transfer',
      'internal_transfer',
      'stake_registration',
      'delegation',
      'reward_withdrawal',
      'stake_deregistration',
      'swap_order',
      'swap_fill',
      'swap_refund',
      'token_mint',
      'nft_mint',
      'token_burn',
      'nft_listing',
      'nft_purchase',
      'nft_sale',
      'collateral_loss',
    ]) {
      expect(actions, a).toContain(a);
    }
    const protocols = new Set(wallets.flatMap((w) => w.expected.transactions.map((t) => t.protocol)));
    for (const p of ['minswap', 'sundaeswap', 'wingriders', 'jpgstore']) expect(protocols).toContain(p);
  });

  it('sends DEX orders to the real order scripts with their 674 messages, and links fills to them', () => {
    const orders = wallets.flatMap((w) => w.expected.transactions.filter((t) => t.action === 'swap_order'));
    const scripts = chain.scripts;
    let messages = 0;
    for (const o of orders) {
      const tx = model.tx(o.txHash)!;
      const [hash, index] = o.link!.split('#');
      expect(hash).toBe(o.txHash);
      const out = tx.outputs[Number(index)]!;
      const dex = scripts.dexes.find((d) => d.orderAddress === out.address)!;
      expect(dex.protocol).toBe(o.protocol);
      expect(addressInfo(out.address).paymentHash).toBe(dex.orderScriptHash);
      if (dex.orderMessage) {
        expect(tx.metadata).toEqual([{ label: '674', json: { msg: dex.orderMessage } }]);
        messages++;
      }
    }
    expect(messages).toBeGreaterThan(0);
    const links = new Set(orders.map((o) => o.link));
    const fills = wallets.flatMap((w) =>
      w.expected.transactions.filter((t) => t.action === 'swap_fill' || t.action === 'swap_refund'),
    );
    expect(fills.length).toBeGreaterThan(0);
    for (const f of fills) expect(links).toContain(f.link);
  });

  it('settles ADA → token, token → token and token → ADA orders; the truth calls each as the batcher settled it', () => {
    const settled = chain.settledOrders();
    const kinds = new Map<string, number>();
    for (const o of settled) {
      const kind = `${o.offered === 'lovelace' ? 'ADA' : 'token'} → ${o.wanted === 'lovelace' ? 'ADA' : 'token'} ${o.outcome}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    for (const from of ['ADA', 'token'])
      for (const to of from === 'ADA' ? ['token'] : ['token', 'ADA'])
        for (const outcome of ['fill', 'refund'])
          expect(kinds.get(`${from} → ${to} ${outcome}`) ?? 0, `${from} → ${to} ${outcome}`).toBeGreaterThan(
            0,
          );
    const byLink = new Map<string, { action: string; flows: Record<string, string> }[]>();
    for (const w of wallets)
      for (const t of w.expected.transactions)
        if (t.link && t.action !== 'swap_order') byLink.set(t.link, [...(byLink.get(t.link) ?? []), t]);
    for (const o of settled) {
      const records = byLink.get(o.key) ?? [];
      expect(records.length, o.key).toBeGreaterThan(0);
      for (const r of records) expect(r.action, o.key).toBe(`swap_${o.outcome}`);
      // A token → ADA fill pays the wallet ADA only: the rule must not read it as a refund.
      if (o.wanted === 'lovelace' && o.outcome === 'fill')
        for (const r of records) expect(Object.keys(r.flows), o.key).toEqual(['lovelace']);
    }
  });

  it('after added blocks and rollbacks, the settled orders are exactly the fills and refunds in the truth', () => {
    const small = buildChain({ seed: 8, wallets: 12, txsPerWallet: 40 });
    for (const depth of [1, 4, 9]) {
      small.control.addBlocks(6);
      small.control.rollback(depth);
      let text = '';
      small.control.writeTruth((c) => (text += c));
      const settled = new Map<string, string>();
      for (const w of (JSON.parse(text) as { wallets: TruthWallet[] }).wallets)
        for (const t of w.expected.transactions)
          if (t.action === 'swap_fill' || t.action === 'swap_refund') settled.set(t.link!, t.action);
      const intended = new Map(small.settledOrders().map((o) => [o.key, `swap_${o.outcome}`]));
      expect(intended.size, `rollback ${depth}`).toBeGreaterThan(0);
      expect(settled, `rollback ${depth}`).toEqual(intended);
    }
  });

  it('keeps ground truth self-consistent: Σ net + withdrawable = controlled amount; Σ net = balance', () => {
    for (const w of wallets) {
      const sum = w.expected.transactions.reduce((s, t) => s + BigInt(t.netLovelace), 0n);
      expect(sum.toString(), w.id).toBe(w.expected.balanceLovelace);
      if (w.kind === 'stake')
        expect((sum + BigInt(w.expected.withdrawableAmount!)).toString(), w.id).toBe(
          w.expected.controlledAmount,
        );
      const tokens = new Map<string, bigint>();
      for (const t of w.expected.transactions)
        for (const [u, q] of Object.entries(t.flows))
          if (u !== 'lovelace') tokens.set(u, (tokens.get(u) ?? 0n) + BigInt(q));
      const nonZero = Object.fromEntries(
        [...tokens].filter(([, q]) => q !== 0n).map(([u, q]) => [u, q.toString()]),
      );
      expect(nonZero, w.id).toEqual(w.expected.tokens);
    }
  });

  it('attributes each fee once per owner, to the wallet that supplied the most', () => {
    const byOwner = new Map<string, Map<string, number>>();
    for (const w of wallets) {
      for (const t of w.expected.transactions) {
        if (t.fee === '0') continue;
        const m = byOwner.get(w.owner) ?? new Map<string, number>();
        m.set(t.txHash, (m.get(t.txHash) ?? 0) + 1);
        byOwner.set(w.owner, m);
      }
    }
    for (const m of byOwner.values()) for (const n of m.values()) expect(n).toBe(1);
    const internal = wallets.flatMap((w) =>
      w.expected.transactions.filter((t) => t.action === 'internal_transfer'),
    );
    expect(internal.some((t) => t.fee === '0')).toBe(true);
    const failed = wallets.flatMap((w) =>
      w.expected.transactions.filter((t) => t.action === 'collateral_loss'),
    );
    for (const t of failed) expect(BigInt(t.netLovelace)).toBe(-BigInt(t.fee));
  });

  it('pays rewards per epoch to delegated accounts, withdrawn by later transactions', () => {
    const stake = wallets.filter((w) => w.kind === 'stake');
    const withRewards = stake.filter((w) => (model.account(w.address)?.rewards.length ?? 0) > 3);
    expect(withRewards.length).toBeGreaterThan(stake.length / 2);
    for (const w of stake) {
      const acc = model.account(w.address);
      if (!acc) continue;
      const withdrawn = w.expected.transactions.reduce((s, t) => s + BigInt(t.withdrawal), 0n);
      expect(withdrawn).toBe(model.withdrawalsSum(acc));
      expect(model.rewardsSum(acc) - withdrawn).toBe(BigInt(w.expected.withdrawableAmount!));
    }
  });

  it('recomputes the same truth from the model alone', () => {
    const fresh = new GroundTruth(model, chain.wallets, chain.scripts);
    let again = '';
    fresh.write(5, (c) => (again += c));
    expect(again).toBe(json);
  });
});
