import { addAmount } from '../amounts.js';
import type { LinkRole, OpenOrder, TokenLookup, WalletRecord } from '../ledger/types.js';
import type { TxAction } from '../vocabulary.js';
import { formatFlows } from '../describe/format-amount.js';
import { protocolDisplayName } from '../describe/describe-record.js';

export type ActionStatus = 'open' | 'completed' | 'refunded';

export interface ActionStep {
  sequenceNumber: number;
  txHash: string;
  walletAddress: string;
  role: LinkRole;
  action: TxAction;
  blockHeight: number;
  blockTime: number;
}

/** One user action spanning transactions: a DEX order and the batcher transaction that settles it. */
export interface LinkedAction {
  /** The order output `txHash#index`. */
  linkKey: string;
  walletAddress: string;
  /** The order's category (`swap_order`, `liquidity_add`, …), or the settling step's when the order is unseen. */
  actionType: TxAction;
  protocol: string | null;
  status: ActionStatus;
  steps: ActionStep[];
  /** Σ of the steps' flows: what went in (negative) and what came out (positive). */
  flows: Map<string, bigint>;
  startedAt: number;
  completedAt: number | null;
  description: string;
}

export interface LinkResult {
  /** Every action touched by these records (new, extended, or settled). */
  actions: LinkedAction[];
  /** Orders still open afterwards, to pass to the next parse/link call. */
  openOrders: OpenOrder[];
}

/** An order known from an earlier call: enough to continue its action. */
export interface OpenActionState extends OpenOrder {
  txHash?: string;
  blockHeight?: number;
  blockTime?: number;
  flows?: ReadonlyMap<string, bigint>;
}

const order = (a: WalletRecord, b: WalletRecord) =>
  a.blockHeight - b.blockHeight || a.txIndex - b.txIndex || (a.walletAddress < b.walletAddress ? -1 : 1);

/**
 * Groups linked records into actions with ordered sequence numbers (0 = order, 1 = fill or refund).
 * Works across calls: pass the open orders returned last time. Pure; input is not mutated.
 */
export function linkActions(
  records: readonly WalletRecord[],
  open: readonly OpenActionState[] = [],
  tokens?: TokenLookup,
): LinkResult {
  const byKey = new Map<string, LinkedAction>();
  const touched = new Set<string>();
  const id = (walletAddress: string, key: string) => `${walletAddress}|${key}`;
  for (const o of open) {
    const a: LinkedAction = {
      linkKey: o.key,
      walletAddress: o.walletAddress,
      actionType: o.action ?? 'swap_order',
      protocol: o.protocol ?? null,
      status: 'open',
      steps: [],
      flows: new Map(o.flows ?? []),
      startedAt: o.blockTime ?? 0,
      completedAt: null,
      description: '',
    };
    if (o.txHash) {
      a.steps.push({
        sequenceNumber: 0,
        txHash: o.txHash,
        walletAddress: o.walletAddress,
        role: 'order',
        action: a.actionType,
        blockHeight: o.blockHeight ?? 0,
        blockTime: o.blockTime ?? 0,
      });
    }
    byKey.set(id(o.walletAddress, o.key), a);
  }
  for (const r of [...records].filter((x) => x.link).sort(order)) {
    const link = r.link!;
    const k = id(r.walletAddress, link.key);
    let a = byKey.get(k);
    if (link.role === 'order') {
      if (a && a.steps.some((s) => s.txHash === r.txHash)) continue; // already known
      a = {
        linkKey: link.key,
        walletAddress: r.walletAddress,
        actionType: r.action,
        protocol: r.protocol,
        status: 'open',
        steps: [],
        flows: new Map(),
        startedAt: r.blockTime,
        completedAt: null,
        description: '',
      };
      byKey.set(k, a);
    } else if (!a) {
      // The order predates what we were given: the action starts at its settlement.
      a = {
        linkKey: link.key,
        walletAddress: r.walletAddress,
        actionType: r.action,
        protocol: r.protocol,
        status: 'open',
        steps: [],
        flows: new Map(),
        startedAt: r.blockTime,
        completedAt: null,
        description: '',
      };
      byKey.set(k, a);
    } else if (a.steps.some((s) => s.txHash === r.txHash)) {
      continue;
    }
    const sequenceNumber = link.role === 'order' ? 0 : Math.max(1, a.steps.length);
    a.steps.push({
      sequenceNumber,
      txHash: r.txHash,
      walletAddress: r.walletAddress,
      role: link.role,
      action: r.action,
      blockHeight: r.blockHeight,
      blockTime: r.blockTime,
    });
    for (const [u, q] of r.flows) addAmount(a.flows, u, q);
    if (link.role !== 'order') {
      a.status = link.role === 'refund' ? 'refunded' : 'completed';
      a.completedAt = r.blockTime;
    }
    touched.add(k);
  }
  const actions: LinkedAction[] = [];
  const openOrders: OpenOrder[] = [];
  for (const [k, a] of byKey) {
    a.description = describeAction(a, tokens);
    if (touched.has(k)) actions.push(a);
    if (a.status === 'open') {
      openOrders.push({
        key: a.linkKey,
        walletAddress: a.walletAddress,
        action: a.actionType,
        protocol: a.protocol,
      });
    }
  }
  return { actions, openOrders };
}

const VERB: Partial<Record<TxAction, string>> = {
  swap_order: 'Swapped',
  liquidity_add: 'Added liquidity',
  liquidity_remove: 'Removed liquidity',
};

/** "Swapped 102 ADA for 2,412.5 MIN on Minswap" / "Swap order refunded on Minswap" / "Swap order open …". */
export function describeAction(a: LinkedAction, tokens?: TokenLookup): string {
  const name = protocolDisplayName(a.protocol, undefined);
  const on = name ? ` on ${name}` : '';
  const gave = formatFlows(a.flows, -1, tokens);
  const got = formatFlows(a.flows, 1, tokens);
  if (a.status === 'open') return `Order open${on}: ${gave || 'nothing'} in`;
  if (a.status === 'refunded') return `Order refunded${on}${gave ? ` (cost ${gave})` : ''}`;
  const verb = VERB[a.actionType] ?? 'Swapped';
  if (verb === 'Swapped' && !got && (a.flows.get('lovelace') ?? 0n) < 0n) {
    // A fill that paid only ADA, less than the order's ADA outlay (deposit, batcher fee, tx fees): the
    // net ADA is a cost, not what was swapped away. Only tokens can have been swapped, for ADA.
    const tokensGiven = formatFlows(withoutLovelace(a.flows), -1, tokens);
    const netAda = formatFlows(new Map([['lovelace', a.flows.get('lovelace')!]]), -1, tokens);
    if (tokensGiven) return `Swapped ${tokensGiven} for ADA${on} (net −${netAda} after fees)`;
  }
  if (verb === 'Swapped') return `Swapped ${gave || 'nothing'} for ${got || 'nothing'}${on}`;
  return `${verb}${on}: ${gave ? `gave ${gave}` : ''}${gave && got ? ', ' : ''}${got ? `got ${got}` : ''}`;
}

function withoutLovelace(flows: ReadonlyMap<string, bigint>): Map<string, bigint> {
  return new Map([...flows].filter(([unit]) => unit !== 'lovelace'));
}
