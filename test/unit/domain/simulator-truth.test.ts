import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import type { WalletRecord } from '../../../src/domain/index.js';
import { SimBlockfrost, syncUser } from './support/sim-sync.js';

interface TruthTx {
  txHash: string;
  blockHeight: number;
  netLovelace: string;
  fee: string;
  deposit: string;
  withdrawal: string;
  flows: Record<string, string>;
  action: string;
  protocol: string | null;
  link: string | null;
}
interface TruthWallet {
  id: string;
  owner: string;
  kind: 'stake' | 'payment';
  address: string;
  expected: { transactions: TruthTx[]; controlledAmount?: string; withdrawableAmount?: string };
}

const asTruth = (r: WalletRecord): TruthTx => ({
  txHash: r.txHash,
  blockHeight: r.blockHeight,
  netLovelace: r.netLovelace.toString(),
  fee: r.fee.toString(),
  deposit: r.deposit.toString(),
  withdrawal: r.withdrawal.toString(),
  flows: Object.fromEntries([...r.flows].map(([u, q]) => [u, q.toString()])),
  action: r.action,
  protocol: r.protocol,
  link: r.link?.key ?? null,
});

for (const [seed, metadata] of [
  [1, false],
  [7, true],
  [2024, false],
] as const) {
  describe(`ledger core vs simulator ground truth (seed ${seed}${metadata ? ', with /metadata' : ''})`, () => {
    let sim: Awaited<ReturnType<typeof startSimulator>>;
    let truth: { wallets: TruthWallet[] };
    const mine = new Map<string, TruthTx[]>();

    beforeAll(async () => {
      sim = await startSimulator({
        port: 0,
        seed,
        wallets: 16,
        txsPerWallet: 40,
        limits: { enabled: false },
      });
      truth = (await (await fetch(`${sim.controlUrl}/truth`)).json()) as { wallets: TruthWallet[] };
      const bf = new SimBlockfrost(sim.url, sim.projectId);
      const owners = new Map<string, TruthWallet[]>();
      for (const w of truth.wallets) owners.set(w.owner, [...(owners.get(w.owner) ?? []), w]);
      for (const group of owners.values()) {
        const records = await syncUser(
          bf,
          group.map((w) => w.address),
          { metadata },
        );
        for (const r of records)
          mine.set(r.walletAddress, [...(mine.get(r.walletAddress) ?? []), asTruth(r)]);
      }
    });

    afterAll(async () => {
      await sim?.close();
    });

    it('every wallet: same transactions, nets, fees, deposits, withdrawals, flows, category, protocol, link', () => {
      const { compared, disagreements } = compareWithTruth(truth.wallets, mine);
      expect(compared).toBeGreaterThan(100);
      expect(disagreements).toEqual([]);
    });

    it('covers every category the generator makes', () => {
      const actions = new Set(truth.wallets.flatMap((w) => w.expected.transactions.map((t) => t.action)));
      expect(actions.size).toBeGreaterThanOrEqual(15);
    });

    it('stake wallets reconcile: Σ net + withdrawable = controlled amount', () => {
      for (const w of truth.wallets.filter((x) => x.kind === 'stake')) {
        const sum = (mine.get(w.address) ?? []).reduce((s, r) => s + BigInt(r.netLovelace), 0n);
        expect(sum + BigInt(w.expected.withdrawableAmount ?? '0'), w.id).toBe(
          BigInt(w.expected.controlledAmount ?? '0'),
        );
      }
    });
  });
}

describe('ledger core vs simulator serving the real 2021 recording (no account history: /txs counts)', () => {
  it('matches the truth the simulator derives from the recording', async () => {
    const sim = await startSimulator({
      port: 0,
      recording: '../shared/fixtures/blockfrost/mainnet-stake-2021',
      limits: { enabled: false },
    });
    try {
      const truth = (await (await fetch(`${sim.controlUrl}/truth`)).json()) as { wallets: TruthWallet[] };
      const bf = new SimBlockfrost(sim.url, sim.projectId);
      const mine = new Map<string, TruthTx[]>();
      for (const r of await syncUser(
        bf,
        truth.wallets.map((w) => w.address),
      ))
        mine.set(r.walletAddress, [...(mine.get(r.walletAddress) ?? []), asTruth(r)]);
      const { compared, disagreements } = compareWithTruth(truth.wallets, mine);
      expect(compared).toBe(6);
      expect(disagreements).toEqual([]);
      // Incoming-only transactions cost one request each; the sync skipped /txs/{h} for them.
      const stats = (await (await fetch(`${sim.controlUrl}/stats`)).json()) as {
        byEndpoint: Record<string, number>;
      };
      expect(stats.byEndpoint['/txs/{hash}/utxos']).toBe(6);
      expect(stats.byEndpoint['/txs/{hash}']).toBe(4);
    } finally {
      await sim.close();
    }
  });
});

function compareWithTruth(
  wallets: readonly TruthWallet[],
  mine: ReadonlyMap<string, TruthTx[]>,
): { compared: number; disagreements: string[] } {
  const disagreements: string[] = [];
  let compared = 0;
  for (const w of wallets) {
    const got = new Map((mine.get(w.address) ?? []).map((r) => [r.txHash, r]));
    for (const e of w.expected.transactions) {
      const g = got.get(e.txHash);
      compared++;
      if (!g) disagreements.push(`${w.id} ${e.txHash}: missing record (truth ${e.action})`);
      else {
        const a = JSON.stringify({ ...g, flows: sortKeys(g.flows) });
        const b = JSON.stringify({ ...e, flows: sortKeys(e.flows) });
        if (a !== b) disagreements.push(`${w.id} ${e.txHash}: got ${a} truth ${b}`);
      }
      got.delete(e.txHash);
    }
    for (const extra of got.values())
      disagreements.push(`${w.id} ${extra.txHash}: extra record ${extra.action}`);
  }
  return { compared, disagreements };
}

function sortKeys(flows: Record<string, string>): Record<string, string> {
  const lovelace = flows.lovelace;
  const rest = Object.keys(flows)
    .filter((k) => k !== 'lovelace')
    .sort();
  return Object.fromEntries([
    ...(lovelace !== undefined ? [['lovelace', lovelace]] : []),
    ...rest.map((k) => [k, flows[k]!]),
  ]);
}
