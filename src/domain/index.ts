/**
 * Public entry points of the ledger core (pure: no I/O, no Prisma, no network).
 *
 *   const wallets = WalletSet.from(['stake1…', 'addr1…']);          // once per user
 *   if (needsDetails(utxos, wallets)) details = await get(`/txs/${h}`);
 *   const records = parseTransaction({ hash, blockHeight, blockTime, txIndex, utxos, details, accountEvents },
 *     wallets, { openOrders, tokens });
 *   const { actions, openOrders: stillOpen } = linkActions(records, openFromLastTime);
 *
 * Rules: docs/ledger-rules.md.
 */
export * from './vocabulary.js';
export * from './amounts.js';
export type * from './blockfrost-types.js';
export { InvalidAddressError, type InvalidAddressReason } from './address/invalid-address.error.js';
export {
  decodeAddress,
  decodeAddressCached,
  type AddressKind,
  type Credential,
  type DecodedAddress,
  type Network,
} from './address/decode-address.js';
export {
  parseWalletAddress,
  belongsToWallet,
  rewardAddressOf,
  type WalletAddress,
} from './address/wallet-address.js';
export * from './ledger/types.js';
export { WalletSet } from './ledger/wallet-set.js';
export { needsDetails } from './ledger/needs-details.js';
export { accountEventsFromCbor } from './ledger/cbor-account-events.js';
export { decodeCbor, CborTagged, type CborValue } from './cbor/cbor-decoder.js';
export { parseTransaction, type ParseOptions } from './ledger/parse-transaction.js';
export { defaultLedger } from './ledger/default-ledger.js';
export { categorize, type Categorisation, type DetectorFailure } from './categorize/categorize.js';
export type { ProtocolDetector, Detection, DetectionContext, WalletView } from './categorize/detector.js';
export { DETECTORS } from './categorize/detectors/index.js';
export { ProtocolRegistry, RegistryConflictError } from './protocols/protocol-registry.js';
export type { ProtocolInfo, ScriptClaim, KnownScript, ProtocolFacts } from './protocols/protocol-info.js';
export { describeRecord } from './describe/describe-record.js';
export { formatAmount, formatQuantity, unitLabel } from './describe/format-amount.js';
export {
  linkActions,
  describeAction,
  type LinkedAction,
  type ActionStep,
  type ActionStatus,
  type LinkResult,
  type OpenActionState,
} from './linking/link-actions.js';
/** The cost-basis engine (pure), as a namespace: `costBasis.computeCostBasis(...)`. */
export * as costBasis from './cost-basis/index.js';
