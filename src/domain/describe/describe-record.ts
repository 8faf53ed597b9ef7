import { LOVELACE } from '../amounts.js';
import type { TokenLookup, WalletRecord } from '../ledger/types.js';
import type { ProtocolRegistry } from '../protocols/protocol-registry.js';
import { PROTOCOL_NAMES } from '../vocabulary.js';
import { formatAmount, formatFlows, unitLabel } from './format-amount.js';

export interface DescribeOptions {
  tokens?: TokenLookup;
  registry?: ProtocolRegistry;
  poolId?: string | null;
  /** The registration transaction also delegated. */
  delegated?: boolean;
}

type Describable = Pick<
  WalletRecord,
  'action' | 'protocol' | 'flows' | 'netLovelace' | 'fee' | 'deposit' | 'withdrawal'
>;

export function protocolDisplayName(protocol: string | null, registry?: ProtocolRegistry): string | null {
  if (protocol === null) return null;
  return PROTOCOL_NAMES[protocol] ?? registry?.protocolName(protocol) ?? protocol;
}

/** ": sent X, received Y" (either part omitted when empty). */
function movement(inflow: string, outflow: string): string {
  const parts = [outflow && `sent ${outflow}`, inflow && `received ${inflow}`].filter(Boolean);
  return parts.length ? `: ${parts.join(', ')}` : '';
}

function nftNames(flows: ReadonlyMap<string, bigint>, tokens?: TokenLookup): string {
  const names = [...flows].filter(([u, q]) => u !== LOVELACE && q > 0n).map(([u]) => unitLabel(u, tokens));
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

/** A short sentence for the history list: "Received 42.69 ADA", "Placed a swap order on Minswap: 104 ADA". */
export function describeRecord(record: Describable, options: DescribeOptions = {}): string {
  const { tokens } = options;
  const on = (() => {
    const name = protocolDisplayName(record.protocol, options.registry);
    return name ? ` on ${name}` : '';
  })();
  const inflow = formatFlows(record.flows, 1, tokens);
  const outflow = formatFlows(record.flows, -1, tokens);
  const tokenFlows = new Map([...record.flows].filter(([u]) => u !== LOVELACE));
  const tokensIn = formatFlows(tokenFlows, 1, tokens);
  const tokensOut = formatFlows(tokenFlows, -1, tokens);
  const ada = (q: bigint) => formatAmount(LOVELACE, q < 0n ? -q : q, tokens);
  const feeNote = record.fee > 0n ? ` (fee ${ada(record.fee)})` : '';
  switch (record.action) {
    case 'receive':
      return `Received ${inflow || 'nothing'}`;
    case 'send':
      return `Sent ${outflow || 'nothing'}${feeNote}`;
    case 'self_transfer':
      return `Moved funds within this wallet${feeNote}`;
    case 'internal_transfer':
      return record.netLovelace >= 0n && !outflow
        ? `Received ${inflow || 'nothing'} from another of your wallets`
        : `Sent ${outflow || 'nothing'} to another of your wallets${feeNote}`;
    case 'stake_registration':
      return `Registered stake key (deposit ${ada(record.deposit)})${options.delegated ? ' and delegated' : ''}`;
    case 'stake_deregistration':
      return `Deregistered stake key (deposit refund ${ada(record.deposit)})`;
    case 'delegation':
      return options.poolId ? `Delegated to ${options.poolId.slice(0, 16)}…` : 'Delegated stake';
    case 'reward_withdrawal':
      return `Withdrew ${ada(record.withdrawal)} of staking rewards`;
    case 'swap_order':
      return `Placed a swap order${on}: ${outflow}`;
    case 'swap_fill':
      return `Swap filled${on}: received ${inflow || 'nothing'}`;
    case 'swap_refund':
      return `Swap order refunded${on}: ${inflow || 'nothing'} back`;
    case 'liquidity_add':
      return `Added liquidity${on}: ${outflow}`;
    case 'liquidity_remove':
      return `Removed liquidity${on}`;
    case 'token_mint':
      return `Minted ${tokensIn}${on}`;
    case 'nft_mint':
      return `Minted NFT ${nftNames(record.flows, tokens)}${on}`;
    case 'token_burn':
      return `Burned ${tokensOut}${on}`;
    case 'nft_listing':
      return `Listed ${tokensOut}${on}`;
    case 'nft_purchase':
      return `Bought ${tokensIn} for ${ada(record.netLovelace)}${on}`;
    case 'nft_sale':
      return `Sold an NFT for ${ada(record.netLovelace)}${on}`;
    case 'lending':
      return `Lending${on}${movement(inflow, outflow)}`;
    case 'collateral_loss':
      return `Script failed: lost ${ada(record.fee)} of collateral`;
    case 'contract_interaction':
      return `Smart contract interaction${on || ' (unknown contract)'}${movement(inflow, outflow)}`;
    case 'unknown':
      return 'Unrecognised transaction';
  }
}
