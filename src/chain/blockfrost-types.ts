import type { components } from '@blockfrost/openapi';

/** Blockfrost's response bodies, typed from its OpenAPI specification (`@blockfrost/openapi`). */
type Schemas = components['schemas'];
type Item<T> = T extends Array<infer U> ? U : never;

export type BlockContent = Schemas['block_content'];
export type AddressContent = Schemas['address_content'];
export type AddressContentTotal = Schemas['address_content_total'];
export type AddressTransaction = Item<Schemas['address_transactions_content']>;
export type AddressUtxo = Item<Schemas['address_utxo_content']>;
export type TxContent = Schemas['tx_content'];
export type TxContentUtxo = Schemas['tx_content_utxo'];
export type TxMetadata = Item<Schemas['tx_content_metadata']>;
export type AccountContent = Schemas['account_content'];
export type AccountAddress = Item<Schemas['account_addresses_content']>;
export type AccountRegistration = Item<Schemas['account_registration_content']>;
export type AccountDelegation = Item<Schemas['account_delegation_content']>;
export type AccountWithdrawal = Item<Schemas['account_withdrawal_content']>;
export type AccountReward = Item<Schemas['account_reward_content']>;
export type AssetContent = Schemas['asset'];
export type AssetTransaction = Item<Schemas['asset_transactions']>;
export type AccountMir = Item<Schemas['account_mir_content']>;
export type AccountHistory = Item<Schemas['account_history_content']>;
export type EpochContent = Schemas['epoch_content'];
export type PoolMetadata = Schemas['pool_metadata'];
export type PoolHistory = Item<Schemas['pool_history']>;
