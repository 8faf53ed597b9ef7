import type { components } from '@blockfrost/openapi';

/**
 * Blockfrost JSON shapes the ledger core reads, taken from `@blockfrost/openapi`. Fields the API added
 * after 2021 (`inline_datum`, `reference`, `treasury_donation`, …) are optional here so that recorded
 * responses from older API versions parse too.
 */
type Schemas = components['schemas'];

export type BfTxContentUtxo = Schemas['tx_content_utxo'];
export type BfTxContent = Schemas['tx_content'];
export type BfTxMetadata = Schemas['tx_content_metadata'];
export type BfAmount = BfTxContentUtxo['inputs'][number]['amount'][number];

type BfInput = BfTxContentUtxo['inputs'][number];
type BfOutput = BfTxContentUtxo['outputs'][number];

export type UtxoInput = Pick<BfInput, 'address' | 'amount' | 'tx_hash' | 'output_index'> &
  Partial<Pick<BfInput, 'collateral' | 'reference' | 'data_hash' | 'inline_datum' | 'reference_script_hash'>>;

export type UtxoOutput = Pick<BfOutput, 'address' | 'amount' | 'output_index'> &
  Partial<Pick<BfOutput, 'collateral' | 'data_hash' | 'inline_datum' | 'reference_script_hash'>>;

/** The `/txs/{hash}/utxos` body. */
export interface TxUtxos {
  hash: string;
  inputs: readonly UtxoInput[];
  outputs: readonly UtxoOutput[];
}

/** The `/txs/{hash}` body (only the fields the ledger reads are required). */
export type TxDetails = Pick<
  BfTxContent,
  'fees' | 'deposit' | 'valid_contract' | 'withdrawal_count' | 'stake_cert_count' | 'delegation_count'
> &
  Partial<BfTxContent>;

/** The `/txs/{hash}/metadata` body. */
export type TxMetadata = BfTxMetadata;
