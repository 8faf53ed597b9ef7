/** Public entry points of the sync pipeline (application layer). */
export {
  WalletSyncService,
  splitAtBlocks,
  type WalletSyncReport,
  type WalletSyncServiceOptions,
  type WalletSyncServiceDeps,
  type SyncTarget,
  type CountingChainSource,
  type SyncLogger,
} from './wallet-sync.service.js';
export { createSyncWalletHandler, type SyncWalletProcessorDeps } from './sync-wallet.processor.js';
export {
  enqueueWalletSync,
  SYNC_WALLET_JOB_TYPE,
  SYNC_WALLET_JOB_TYPES,
  type SyncWalletJobData,
} from './sync-wallet-job.js';
export { WalletNotFoundError } from './wallet-not-found.error.js';
export type { SyncPhase, SyncProgressState } from './sync-progress.js';
export type { SyncChainSource, TxRef, AccountState } from './chain/sync-chain-source.js';
export { BlockfrostSyncChainSource } from './chain/blockfrost-sync-chain-source.js';
export { buildHoldingRows, utcDayStart } from './holdings-snapshots.js';
export { inferPlainDetails } from './infer-plain-details.js';
export {
  BlockfrostTokenMetadataSource,
  type TokenMetadataSource,
  type TokenMetadataSourceDeps,
} from './token-metadata-source.js';
