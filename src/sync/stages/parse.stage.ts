import type { NewWalletTransaction, OpenActionRow } from '../../db/repositories/transaction-repository.js';
import { parseTransaction } from '../../domain/ledger/parse-transaction.js';
import type { ChainTransaction, OpenOrder, WalletRecord } from '../../domain/ledger/types.js';
import { linkActions, type LinkedAction, type OpenActionState } from '../../domain/linking/link-actions.js';
import { toNewWalletTransaction } from '../record-mapper.js';
import type { FetchedTx, SyncRun } from './sync-run.js';

/**
 * Parse: one batch of fetched chain data → this wallet's records, with the ledger core and the action
 * linker. It carries the open DEX orders from batch to batch: parsing needs every open order of the
 * user (any wallet may be the one a batcher pays), the linker continues this wallet's own actions.
 */
export class BatchParser {
  private userOpenOrders: OpenOrder[];
  private ownOpen: OpenActionState[];

  /** `openRows`: the user's open actions as stored before this run. */
  constructor(
    private readonly run: Pick<SyncRun, 'wallet' | 'walletSet' | 'accountEvents'>,
    openRows: OpenActionRow[],
  ) {
    this.userOpenOrders = openRows.map((r) => ({
      key: r.linkKey,
      walletAddress: r.walletAddress,
      action: r.actionType as OpenOrder['action'],
      protocol: r.protocol,
    }));
    this.ownOpen = openRows
      .filter((r) => r.walletAddress === run.wallet.address)
      .map((r) => openStateFromRow(r));
  }

  parse(fetched: FetchedTx[]): NewWalletTransaction[] {
    const address = this.run.wallet.address;
    const records: WalletRecord[] = [];
    for (const f of fetched) {
      const events = this.run.accountEvents?.eventsFor(f.ref.txHash);
      const tx: ChainTransaction = {
        hash: f.ref.txHash,
        blockHeight: f.ref.blockHeight,
        blockTime: f.ref.blockTime,
        txIndex: f.ref.txIndex,
        utxos: f.utxos,
        ...(f.details ? { details: f.details } : {}),
        ...(events ? { accountEvents: events } : {}),
      };
      // No token lookup for the descriptions on purpose: a stored description would then depend on
      // whether the token's metadata had arrived yet (a rerun after a crash, or another user's sync
      // of the same transaction, would describe it differently). Displays join the `tokens` table.
      const parsed = parseTransaction(tx, this.run.walletSet, { openOrders: this.userOpenOrders });
      for (const r of parsed) if (r.walletAddress === address) records.push(r);
    }
    const linked = linkActions(records, this.ownOpen);
    const actionOf = new Map<string, LinkedAction>();
    for (const a of linked.actions) for (const s of a.steps) actionOf.set(s.txHash, a);
    this.ownOpen = [
      ...this.ownOpen.filter((o) => !linked.actions.some((a) => a.linkKey === o.key)),
      ...linked.actions.filter((a) => a.status === 'open').map(openStateFromAction),
    ];
    const ownKeys = new Set(this.ownOpen.map((o) => o.key));
    this.userOpenOrders = [
      ...this.userOpenOrders.filter((o) => o.walletAddress !== address),
      ...linked.openOrders.filter((o) => ownKeys.has(o.key)),
    ];
    return records.map((r) => toNewWalletTransaction(r, actionOf.get(r.txHash)));
  }
}

function openStateFromRow(r: OpenActionRow): OpenActionState {
  return {
    key: r.linkKey,
    walletAddress: r.walletAddress,
    action: r.actionType as OpenOrder['action'],
    protocol: r.protocol,
    blockTime: Math.floor(r.startedAt.getTime() / 1000),
    ...(r.orderTxHash ? { txHash: r.orderTxHash } : {}),
    ...(r.orderBlockHeight !== null ? { blockHeight: r.orderBlockHeight } : {}),
    flows: new Map(r.orderFlows.map((f) => [f.unit, f.quantity])),
  };
}

function openStateFromAction(a: LinkedAction): OpenActionState {
  const order = a.steps.find((s) => s.role === 'order');
  return {
    key: a.linkKey,
    walletAddress: a.walletAddress,
    action: a.actionType,
    protocol: a.protocol,
    blockTime: a.startedAt,
    ...(order ? { txHash: order.txHash, blockHeight: order.blockHeight } : {}),
    flows: a.flows,
  };
}
