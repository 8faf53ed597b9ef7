import type { NewWalletTransaction } from '../db/repositories/transaction-repository.js';
import type { WalletRecord } from '../domain/ledger/types.js';
import type { LinkedAction } from '../domain/linking/link-actions.js';

/** Extra per-record facts kept in `transactions.metadata` (the table has no columns for them). */
export interface RecordMetadata {
  deposit: string;
  withdrawal: string;
  txIndex: number;
  failed: boolean;
  link?: { key: string; role: string };
}

/** A ledger record (and the linked action it belongs to, if any) as the repository stores it. */
export function toNewWalletTransaction(record: WalletRecord, action?: LinkedAction): NewWalletTransaction {
  const metadata: RecordMetadata = {
    deposit: record.deposit.toString(),
    withdrawal: record.withdrawal.toString(),
    txIndex: record.txIndex,
    failed: record.failed,
  };
  if (record.link) metadata.link = { key: record.link.key, role: record.link.role };
  const step = action?.steps.find((s) => s.txHash === record.txHash);
  return {
    txHash: record.txHash,
    blockHeight: record.blockHeight,
    txTimestamp: new Date(record.blockTime * 1000),
    txAction: record.action,
    txProtocol: record.protocol,
    description: record.description,
    netAdaChange: record.netLovelace,
    fees: record.fee,
    metadata: metadata as unknown as Record<string, unknown>,
    flows: [...record.flows].filter(([, q]) => q !== 0n).map(([unit, quantity]) => ({ unit, quantity })),
    action:
      action && step
        ? {
            linkKey: action.linkKey,
            sequenceNumber: step.sequenceNumber,
            actionType: action.actionType,
            protocol: action.protocol,
            status: action.status,
            description: action.description,
            startedAt: new Date(action.startedAt * 1000),
            completedAt: action.completedAt !== null ? new Date(action.completedAt * 1000) : null,
          }
        : null,
  };
}
