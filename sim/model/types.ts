/** The chain model's records. Amounts are bigint; hashes are lower-case hex; addresses bech32. */

export interface TokenAmount {
  unit: string;
  quantity: bigint;
}

/** One transaction output. Inputs point at the same objects, so an output is stored once. */
export interface SimOutput {
  txHash: string;
  index: number;
  address: string;
  lovelace: bigint;
  /** Native tokens, or null for an ADA-only output (most outputs: saves an array). */
  assets: TokenAmount[] | null;
  dataHash: string | null;
  inlineDatum: string | null;
  referenceScriptHash: string | null;
  /** The collateral return output of a transaction. */
  collateralReturn: boolean;
  /** The output exists on chain: regular outputs of a valid tx, the collateral return of a failed one. */
  created: boolean;
  /** Transaction that spent it (regular input of a valid tx, or collateral input of a failed one). */
  consumedBy: SimTx | null;
  /** False for outputs of other transactions the model does not hold (recordings, synthetic counterparties). */
  inModel: boolean;
}

export type CertKind = 'registration' | 'deregistration' | 'delegation';

export interface SimCert {
  kind: CertKind;
  stakeAddress: string;
  poolId?: string;
}

export interface SimWithdrawal {
  stakeAddress: string;
  amount: bigint;
}

export interface SimRedeemer {
  purpose: 'spend' | 'mint' | 'cert' | 'reward';
  index: number;
  scriptHash: string;
  redeemerDataHash: string;
  datumHash: string;
  unitMem: bigint;
  unitSteps: bigint;
  fee: bigint;
}

export interface SimMetadata {
  label: string;
  json: unknown;
}

export interface SimTx {
  hash: string;
  block: SimBlock;
  /** Index within the block. */
  index: number;
  /** Position in the whole chain (0-based), the order Blockfrost lists transactions in. */
  ordinal: number;
  inputs: SimOutput[];
  collateralInputs: SimOutput[];
  referenceInputs: SimOutput[];
  /** Regular outputs followed by the collateral return output (flagged), as Blockfrost lists them. */
  outputs: SimOutput[];
  fee: bigint;
  /** Positive when paid, negative when refunded. */
  deposit: bigint;
  size: number;
  invalidBefore: string | null;
  invalidHereafter: string | null;
  validContract: boolean;
  withdrawals: SimWithdrawal[];
  certs: SimCert[];
  /** Minted (positive) and burned (negative) units. */
  mints: TokenAmount[];
  /** Null when the model does not know the metadata (recordings): the endpoint answers 404. */
  metadata: SimMetadata[] | null;
  /** Null when unknown (recordings with redeemer_count > 0). */
  redeemers: SimRedeemer[] | null;
  cbor: string | null;
  treasuryDonation: bigint;
  /** Counts kept for recordings where the certificates/withdrawals themselves are unknown. */
  counts?: {
    withdrawal: number;
    stakeCert: number;
    delegation: number;
    mintOrBurn: number;
    redeemer: number;
    mirCert: number;
    poolUpdate: number;
    poolRetire: number;
    utxo: number;
  };
  /** Recorded `output_amount` (recordings), else computed. */
  outputAmount?: TokenAmount[];
}

export interface SimBlock {
  height: number;
  hash: string;
  slot: number;
  time: number;
  epoch: number;
  epochSlot: number;
  slotLeader: string;
  size: number;
  /** Null when unknown (recorded blocks). */
  blockVrf: string | null;
  opCert: string | null;
  opCertCounter: string | null;
  txs: SimTx[];
}

export type RewardType = 'member' | 'leader' | 'pool_deposit_refund';

export interface RewardEntry {
  /** Epoch earned (member, leader: spendable two epochs later); a refund's epoch is the one it is paid in. */
  epoch: number;
  type: RewardType;
  amount: bigint;
  poolId: string;
  /** Height of the block whose epoch boundary paid it (rollback drops it again). */
  atHeight: number;
}

export interface HistoryEntry {
  activeEpoch: number;
  amount: bigint;
  poolId: string;
  atHeight: number;
}

export interface SimAccount {
  stakeAddress: string;
  /** Addresses with this stake credential seen in outputs, in order of first appearance. */
  addresses: string[];
  /** Ordinals of transactions touching the account (its addresses, certificates, withdrawals). */
  txOrdinals: number[];
  /** Lovelace in unspent outputs at its addresses. */
  utxoLovelace: bigint;
  registered: boolean;
  poolId: string | null;
  activeEpoch: number | null;
  rewards: RewardEntry[];
  history: HistoryEntry[];
  /** Recording-only values the model cannot derive (rewards of a real chain). */
  recorded?: {
    rewardsSum: bigint;
    withdrawableAmount: bigint;
    reservesSum: bigint;
    treasurySum: bigint;
    poolId: string | null;
    activeEpoch: number | null;
    active: boolean;
    drepId: string | null;
  };
}

export interface SimAsset {
  unit: string;
  policyId: string;
  assetName: string;
  /** Ordinals of the transactions minting or burning it. */
  mintOrdinals: number[];
  supply: bigint;
  /** Minted before the modelled chain starts (tokens that swaps and counterparties bring). */
  preMint: { txHash: string; quantity: bigint } | null;
  onchainMetadata: Record<string, unknown> | null;
  onchainMetadataStandard: string | null;
  metadata: {
    name: string;
    description: string;
    ticker: string | null;
    url: string | null;
    logo: string | null;
    decimals: number | null;
  } | null;
}

/** What Blockfrost's `/pools/{id}/metadata` has of a pool: registered metadata, none, or a fetch error. */
export type SimPoolMetadata =
  | { kind: 'ok'; ticker: string; name: string; homepage: string }
  | { kind: 'none' }
  | { kind: 'error'; code: 'DECODE_ERROR' | 'CONNECTION_ERROR'; message: string };

export interface SimPool {
  poolId: string;
  /** The pool id's 28-byte hash, hex. */
  hex: string;
  metadata: SimPoolMetadata;
}
