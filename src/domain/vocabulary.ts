/**
 * The categories (`txAction`) and protocol ids (`txProtocol`) Adafolio assigns to per-wallet records.
 * Shared by the ledger core, the chain simulator's ground truth, the API filters and the dashboard.
 * Rules for choosing one are in docs/ledger-rules.md.
 */
export const TX_ACTIONS = [
  'receive',
  'send',
  'self_transfer',
  'internal_transfer',
  'stake_registration',
  'stake_deregistration',
  'delegation',
  'reward_withdrawal',
  'swap_order',
  'swap_fill',
  'swap_refund',
  'liquidity_add',
  'liquidity_remove',
  'token_mint',
  'token_burn',
  'nft_mint',
  'nft_listing',
  'nft_purchase',
  'nft_sale',
  'lending',
  'collateral_loss',
  'contract_interaction',
  'unknown',
] as const;
export type TxAction = (typeof TX_ACTIONS)[number];

export const PROTOCOLS = ['minswap', 'sundaeswap', 'wingriders', 'jpgstore'] as const;
/** Known protocol ids; the registry may add more (any lowercase id). */
export type ProtocolId = (typeof PROTOCOLS)[number] | (string & {});

export const PROTOCOL_NAMES: Record<string, string> = {
  minswap: 'Minswap',
  sundaeswap: 'SundaeSwap',
  wingriders: 'WingRiders',
  jpgstore: 'jpg.store',
};

export function isTxAction(value: string): value is TxAction {
  return (TX_ACTIONS as readonly string[]).includes(value);
}
