import { LOVELACE, addAmount, type UnitAmounts } from '../amounts.js';
import type { WalletAddress } from '../address/wallet-address.js';
import { categorize, type DetectorFailure } from '../categorize/categorize.js';
import type { DetectionContext, ProtocolDetector, WalletEvents, WalletView } from '../categorize/detector.js';
import { describeRecord } from '../describe/describe-record.js';
import type { ProtocolRegistry } from '../protocols/protocol-registry.js';
import { accountEventsFromCbor } from './cbor-account-events.js';
import { defaultLedger } from './default-ledger.js';
import { buildTxView, type IoView, type TxView } from './tx-view.js';
import type { ChainTransaction, OpenOrder, TokenLookup, WalletRecord } from './types.js';
import { WalletSet } from './wallet-set.js';

export interface ParseOptions {
  /** Token display facts for descriptions (decimals, ticker). */
  tokens?: TokenLookup;
  /** The user's orders still open, by key `txHash#index` (from `linkActions`), to link fills. */
  openOrders?: ReadonlyMap<string, OpenOrder> | readonly OpenOrder[];
  registry?: ProtocolRegistry;
  detectors?: readonly ProtocolDetector[];
  onDetectorError?: (failure: DetectorFailure) => void;
}

interface Acc {
  wallet: WalletAddress;
  flows: UnitAmounts;
  regularInputs: IoView[];
  ownOutputs: IoView[];
  /** Lovelace of regular inputs that can fund the fee (not order/listing UTxOs of a known protocol). */
  fundingLovelace: bigint;
  funds: boolean;
  collateralInLovelace: bigint;
  suppliedCollateral: boolean;
  touched: boolean;
  events: WalletEvents;
}

const EMPTY_ORDERS: ReadonlyMap<string, OpenOrder> = new Map();

function newAcc(wallet: WalletAddress): Acc {
  return {
    wallet,
    flows: new Map(),
    regularInputs: [],
    ownOutputs: [],
    fundingLovelace: 0n,
    funds: false,
    collateralInLovelace: 0n,
    suppliedCollateral: false,
    touched: false,
    events: { registration: false, deregistration: false, delegation: false, poolId: null, withdrawal: null },
  };
}

function addIo(acc: Acc, io: IoView, sign: 1n | -1n): void {
  if (io.lovelace !== 0n) addAmount(acc.flows, LOVELACE, sign * io.lovelace);
  if (io.tokens) for (const [unit, q] of io.tokens) addAmount(acc.flows, unit, sign * q);
  acc.touched = true;
}

/** The wallet with the most lovelace in `pick`, ties broken by the smallest identity string. */
function payerAmong(accs: Iterable<Acc>, pick: (a: Acc) => bigint | null): Acc | undefined {
  let best: Acc | undefined;
  let bestAmount = 0n;
  for (const a of accs) {
    const amount = pick(a);
    if (amount === null) continue;
    if (!best || amount > bestAmount || (amount === bestAmount && a.wallet.address < best.wallet.address)) {
      best = a;
      bestAmount = amount;
    }
  }
  return best;
}

function sumLovelace(list: IoView[]): bigint {
  let s = 0n;
  for (const io of list) s += io.lovelace;
  return s;
}

/**
 * Turns one transaction into a record per tracked wallet it touches, following docs/ledger-rules.md.
 * Pure and deterministic; amounts are exact bigints.
 */
export function parseTransaction(
  tx: ChainTransaction,
  wallets: WalletSet | readonly WalletAddress[],
  options: ParseOptions = {},
): WalletRecord[] {
  const walletSet = wallets instanceof WalletSet ? wallets : new WalletSet(wallets);
  const ledger = options.registry && options.detectors ? undefined : defaultLedger();
  const registry = options.registry ?? ledger!.registry;
  const detectors = options.detectors ?? ledger!.detectors;
  const view = buildTxView(tx, walletSet, registry);

  const accs = new Map<string, Acc>();
  const accOf = (w: WalletAddress): Acc => {
    let a = accs.get(w.address);
    if (!a) accs.set(w.address, (a = newAcc(w)));
    return a;
  };

  if (view.valid) {
    for (const io of view.inputs) {
      for (const w of io.owners) {
        const a = accOf(w);
        addIo(a, io, -1n);
        a.regularInputs.push(io);
        // An order or listing UTxO at a known protocol script (possibly ours by its stake credential)
        // is spent by the protocol's batcher or buyer, who pays the fee: it does not make us the payer.
        if (!io.known) {
          a.fundingLovelace += io.lovelace;
          a.funds = true;
        }
      }
    }
    for (const io of view.outputs) {
      for (const w of io.owners) {
        const a = accOf(w);
        addIo(a, io, 1n);
        a.ownOutputs.push(io);
      }
    }
  } else {
    for (const io of view.collateralInputs) {
      for (const w of io.owners) {
        const a = accOf(w);
        addIo(a, io, -1n);
        a.suppliedCollateral = true;
        a.collateralInLovelace += io.lovelace;
      }
    }
    for (const io of view.collateralReturns) {
      for (const w of io.owners) {
        const a = accOf(w);
        addIo(a, io, 1n);
        a.ownOutputs.push(io);
      }
    }
  }

  // Fee and deposit: paid once per user, by the wallet that funded the most.
  let feePayer: Acc | undefined;
  let fee = 0n;
  let deposit = 0n;
  if (view.valid) {
    feePayer = payerAmong(accs.values(), (a) => (a.funds ? a.fundingLovelace : null));
    fee = tx.details ? BigInt(tx.details.fees) : 0n;
    deposit = tx.details ? BigInt(tx.details.deposit) : 0n;
  } else {
    feePayer = payerAmong(accs.values(), (a) => (a.suppliedCollateral ? a.collateralInLovelace : null));
    fee = sumLovelace(view.collateralInputs) - sumLovelace(view.collateralReturns);
  }

  if (view.valid) applyAccountEvents(tx, view, walletSet, accOf, feePayer, fee, deposit);

  const openOrders = toOrderMap(options.openOrders);
  const records: WalletRecord[] = [];
  for (const a of accs.values()) {
    const ev = a.events;
    if (!a.touched && !ev.registration && !ev.deregistration && !ev.delegation && ev.withdrawal === null)
      continue;
    const isPayer = a === feePayer;
    const walletView: WalletView = {
      wallet: a.wallet,
      identity: a.wallet.address,
      flows: a.flows,
      netLovelace: a.flows.get(LOVELACE) ?? 0n,
      regularInputs: a.regularInputs,
      ownOutputs: a.ownOutputs,
      hasRegularInput: a.regularInputs.length > 0,
      suppliedCollateral: a.suppliedCollateral,
      events: ev,
      fee: isPayer ? fee : 0n,
      deposit: isPayer ? deposit : 0n,
    };
    const ctx: DetectionContext = {
      tx: view,
      wallet: walletView,
      registry,
      openOrders,
      userWallets: walletSet,
      tokens: options.tokens,
    };
    const cat = categorize(ctx, detectors, options.onDetectorError);
    const record: WalletRecord = {
      walletAddress: a.wallet.address,
      txHash: tx.hash,
      blockHeight: tx.blockHeight,
      blockTime: tx.blockTime,
      txIndex: tx.txIndex,
      netLovelace: walletView.netLovelace,
      fee: walletView.fee,
      deposit: walletView.deposit,
      withdrawal: ev.withdrawal ?? 0n,
      flows: a.flows,
      action: cat.action,
      protocol: cat.protocol,
      description: '',
      failed: !view.valid,
    };
    if (cat.link) record.link = cat.link;
    record.description =
      cat.description ??
      describeRecord(record, {
        tokens: options.tokens,
        registry,
        poolId: ev.poolId,
        delegated: ev.delegation,
      });
    records.push(record);
  }
  return records;
}

function toOrderMap(orders: ParseOptions['openOrders']): ReadonlyMap<string, OpenOrder> {
  if (!orders) return EMPTY_ORDERS;
  if (orders instanceof Map) return orders;
  return new Map((orders as readonly OpenOrder[]).map((o) => [o.key, o]));
}

/**
 * Certificates and withdrawals: from the account events the sync read (authoritative when present),
 * else from the transaction's CBOR, else inferred from `/txs/{h}` counts for the stake wallet that pays the fee.
 */
function applyAccountEvents(
  tx: ChainTransaction,
  view: TxView,
  wallets: WalletSet,
  accOf: (w: WalletAddress) => Acc,
  feePayer: Acc | undefined,
  fee: bigint,
  deposit: bigint,
): void {
  const known = tx.accountEvents ?? (tx.cbor ? accountEventsFromCbor(tx.cbor) : null);
  if (known) {
    for (const e of known) {
      const w = wallets.stakeWalletOf(e.stakeAddress);
      if (!w) continue;
      const ev = accOf(w).events;
      if (e.kind === 'registration') ev.registration = true;
      else if (e.kind === 'deregistration') ev.deregistration = true;
      else if (e.kind === 'delegation') {
        ev.delegation = true;
        ev.poolId = e.poolId ?? null;
      } else ev.withdrawal = (ev.withdrawal ?? 0n) + BigInt(e.amount);
    }
    return;
  }
  const d = tx.details;
  if (!d || !feePayer || feePayer.wallet.kind !== 'stake') return;
  const ev = feePayer.events;
  if (d.stake_cert_count > 0 && deposit > 0n) ev.registration = true;
  if (d.stake_cert_count > 0 && deposit < 0n) ev.deregistration = true;
  if (d.delegation_count > 0) ev.delegation = true;
  if (d.withdrawal_count === 1) {
    const donation = d.treasury_donation ? BigInt(d.treasury_donation) : 0n;
    const gap = sumLovelace(view.outputs) + fee + deposit + donation - sumLovelace(view.inputs);
    if (gap > 0n) ev.withdrawal = gap;
  }
}
