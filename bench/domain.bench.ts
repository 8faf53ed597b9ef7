// Ledger-core parse throughput: wallet-transaction records produced per second on one core, on a
// generated mix of real-shaped transactions (payments, multi-input batcher transactions, DEX orders).
import { bech32 } from 'bech32';
import type { Bench, BenchResult } from './bench.js';
import {
  WalletSet,
  parseTransaction,
  type ChainTransaction,
  type UtxoInput,
  type UtxoOutput,
} from '../src/domain/index.js';

let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const hex = (bytes: number) =>
  Array.from({ length: bytes }, () =>
    Math.floor(rand() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('');
const enc = (prefix: string, headerHex: string) =>
  bech32.encode(prefix, bech32.toWords(Buffer.from(headerHex, 'hex')), 1023);

const USER_STAKE = hex(28);
const userAddrs = Array.from({ length: 8 }, () => enc('addr', '01' + hex(28) + USER_STAKE));
const userStake = enc('stake', 'e1' + USER_STAKE);
const userPay = enc('addr', '61' + hex(28));
const MINSWAP_ORDER = enc('addr', '11a65ca58a4e9c755fa830173d2a5caed458ac0c73f97db7faae2e7e3b' + hex(28));
const MIN = '29d222ce763455e3d7a09a665ce554f00ac89d2e99a1a83d267170c64d494e';
const randomAddress = () => enc('addr', '01' + hex(56));
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

function makeTxs(count: number, counterparties: () => string): ChainTransaction[] {
  const txs: ChainTransaction[] = [];
  for (let n = 0; n < count; n++) {
    const hash = hex(32);
    const kind = n % 4;
    const inputs: UtxoInput[] = [];
    const outputs: UtxoOutput[] = [];
    const io = (address: string, lovelace: number, tokens?: Record<string, number>) => ({
      address,
      amount: [
        { unit: 'lovelace', quantity: String(lovelace) },
        ...Object.entries(tokens ?? {}).map(([unit, q]) => ({ unit, quantity: String(q) })),
      ],
    });
    if (kind === 0) {
      // Incoming payment from a stranger.
      inputs.push({ ...io(counterparties(), 50_000_000), tx_hash: hex(32), output_index: 0 });
      outputs.push(
        { ...io(pick(userAddrs), 10_000_000), output_index: 0 },
        { ...io(counterparties(), 39_800_000), output_index: 1 },
      );
    } else if (kind === 1) {
      // Outgoing payment touching two of the user's wallets.
      inputs.push(
        { ...io(pick(userAddrs), 30_000_000), tx_hash: hex(32), output_index: 1 },
        { ...io(userPay, 20_000_000), tx_hash: hex(32), output_index: 0 },
      );
      outputs.push(
        { ...io(counterparties(), 25_000_000), output_index: 0 },
        { ...io(pick(userAddrs), 24_800_000), output_index: 1 },
      );
    } else if (kind === 2) {
      // DEX order with a CIP-20 message.
      inputs.push({
        ...io(pick(userAddrs), 120_000_000, { [MIN]: 5_000_000 }),
        tx_hash: hex(32),
        output_index: 0,
      });
      outputs.push(
        { ...io(MINSWAP_ORDER, 104_000_000), output_index: 0 },
        { ...io(pick(userAddrs), 15_800_000, { [MIN]: 5_000_000 }), output_index: 1 },
      );
    } else {
      // A 12-input batcher transaction paying the user among others.
      for (let i = 0; i < 10; i++)
        inputs.push({ ...io(MINSWAP_ORDER, 10_000_000 + i), tx_hash: hex(32), output_index: i });
      inputs.push({
        ...io(counterparties(), 5_000_000, { [MIN]: 900_000_000 }),
        tx_hash: hex(32),
        output_index: 0,
      });
      for (let i = 0; i < 9; i++)
        outputs.push({ ...io(counterparties(), 9_000_000, { [MIN]: 1_000_000 }), output_index: i });
      outputs.push({ ...io(pick(userAddrs), 2_000_000, { [MIN]: 2_412_500 }), output_index: 9 });
    }
    const mine = kind !== 0 && kind !== 3;
    const t: ChainTransaction = {
      hash,
      blockHeight: 9_000_000 + n,
      blockTime: 1_700_000_000 + n * 20,
      txIndex: 0,
      utxos: { hash, inputs, outputs },
    };
    if (mine)
      t.details = {
        fees: '200000',
        deposit: '0',
        valid_contract: true,
        withdrawal_count: 0,
        stake_cert_count: 0,
        delegation_count: 0,
      };
    if (kind === 2) t.metadata = [{ label: '674', json_metadata: { msg: ['Minswap: Market Order'] } }];
    txs.push(t);
  }
  return txs;
}

/**
 * Records per second of this process's CPU time (user + system), which is what "on one core" means on
 * a machine shared with other work; wall-clock throughput is reported next to it.
 */
function measure(
  txs: ChainTransaction[],
  wallets: WalletSet,
  seconds: number,
): { cpuRate: number; wallRate: number; records: number } {
  let records = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let elapsed = 0;
  let rounds = 0;
  while (elapsed < seconds * 1000 || rounds === 0) {
    for (const t of txs) records += parseTransaction(t, wallets).length;
    rounds++;
    elapsed = performance.now() - started;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { cpuRate: records / cpuSeconds, wallRate: records / (elapsed / 1000), records };
}

const bench: Bench = {
  name: 'domain',
  async run(): Promise<BenchResult[]> {
    const strangers = Array.from({ length: 2_000 }, randomAddress);
    const warmTxs = makeTxs(4_000, () => pick(strangers));
    const wallets = WalletSet.from([userStake, userPay]);
    measure(warmTxs.slice(0, 500), wallets, 0.2); // JIT warm-up
    const warm = measure(warmTxs, wallets, 4);
    // Cold: every counterparty address is new (address decode cache misses), fresh wallet set.
    const coldTxs = makeTxs(6_000, randomAddress);
    const cold = measure(coldTxs, WalletSet.from([userStake, userPay]), 0);
    return [
      {
        name: 'parse throughput (repeat counterparties)',
        value: warm.cpuRate,
        unit: 'wallet-tx/s (per CPU-second)',
        target: { value: 20_000, better: 'higher' },
        note: `${warm.records.toLocaleString('en-US')} records (payments, DEX orders, 12-input batcher txs); wall clock ${Math.round(warm.wallRate).toLocaleString('en-US')}/s`,
      },
      {
        name: 'parse throughput (all-new addresses, one pass)',
        value: cold.cpuRate,
        unit: 'wallet-tx/s (per CPU-second)',
        target: { value: 20_000, better: 'higher' },
        note: `every counterparty address decoded for the first time; wall clock ${Math.round(cold.wallRate).toLocaleString('en-US')}/s`,
      },
    ];
  },
};

export default bench;
