import type { UnitAmounts } from '../amounts.js';
import type { WalletAddress } from '../address/wallet-address.js';
import type { IoView, TxView } from '../ledger/tx-view.js';
import type { LinkRole, OpenOrder, TokenLookup } from '../ledger/types.js';
import type { WalletSet } from '../ledger/wallet-set.js';
import type { ProtocolInfo, ScriptClaim } from '../protocols/protocol-info.js';
import type { ProtocolRegistry } from '../protocols/protocol-registry.js';
import type { TxAction } from '../vocabulary.js';

/** Certificates and withdrawals of one wallet in one transaction. */
export interface WalletEvents {
  registration: boolean;
  deregistration: boolean;
  delegation: boolean;
  poolId: string | null;
  /** Withdrawn rewards, or null when the transaction withdrew nothing from this wallet's account. */
  withdrawal: bigint | null;
}

/** One wallet's side of a transaction, computed before categorisation. */
export interface WalletView {
  wallet: WalletAddress;
  identity: string;
  flows: UnitAmounts;
  netLovelace: bigint;
  regularInputs: IoView[];
  ownOutputs: IoView[];
  hasRegularInput: boolean;
  suppliedCollateral: boolean;
  events: WalletEvents;
  fee: bigint;
  deposit: bigint;
}

export interface DetectionContext {
  tx: TxView;
  wallet: WalletView;
  registry: ProtocolRegistry;
  /** Open orders of this user by key (`txHash#index`). */
  openOrders: ReadonlyMap<string, OpenOrder>;
  userWallets: WalletSet;
  /** Token display facts, for detectors that write their own description. */
  tokens?: TokenLookup;
}

export interface Detection {
  action: TxAction;
  protocol: string;
  link?: { key: string; role: LinkRole };
  /** A better sentence than the generic one, when the detector knows more (e.g. the order's value). */
  description?: string;
}

/**
 * One protocol family. It declares what it claims (checked for overlaps when the registry is built)
 * and returns a detection or null ("not mine"). It must be pure; if it throws, the record falls back
 * to the generic rules and the error is reported, never propagated.
 */
export interface ProtocolDetector {
  id: string;
  protocol: ProtocolInfo;
  scripts: readonly ScriptClaim[];
  policies?: readonly string[];
  /** CIP-20 messages this protocol writes (documentation and tests; matching is the detector's). */
  messages?: readonly string[];
  detect(ctx: DetectionContext): Detection | null;
}
