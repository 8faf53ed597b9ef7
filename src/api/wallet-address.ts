import { bech32 } from 'bech32';
import CSL from '@emurgo/cardano-serialization-lib-nodejs';
import { BadRequestError, UnprocessableError } from './errors.js';

export type WalletAddressKind = 'payment' | 'stake';

/**
 * Validates a wallet address typed by a user: bech32 checksum (400 when broken), network (422 for a
 * testnet address on mainnet) and kind (addr1… base/enterprise/pointer → payment, stake1… → stake;
 * script-only stake addresses and Byron addresses are refused with 422).
 */
export function parseWalletAddressInput(
  input: string,
  network: 'mainnet' = 'mainnet',
): {
  address: string;
  kind: WalletAddressKind;
} {
  const text = input.trim();
  let prefix: string;
  try {
    prefix = bech32.decode(text, 1023).prefix;
  } catch (error) {
    const message = (error as Error).message;
    if (/checksum/i.test(message)) {
      throw new BadRequestError(`address has a bad checksum: ${short(text)}`, { reason: 'bad_checksum' });
    }
    if (/^(Ae2|DdzFF)/.test(text)) {
      throw new UnprocessableError('unsupported_address', 'Byron addresses cannot be tracked as wallets', {
        reason: 'unsupported',
      });
    }
    throw new BadRequestError(`not a Cardano address: ${short(text)}`, { reason: 'garbage' });
  }
  if (text !== text.toLowerCase()) {
    throw new BadRequestError('address must be lower case', { reason: 'garbage' });
  }
  if (prefix === 'addr_test' || prefix === 'stake_test') {
    throw new UnprocessableError('wrong_network', `a testnet address cannot be tracked on ${network}`, {
      reason: 'wrong_network',
    });
  }
  if (prefix !== 'addr' && prefix !== 'stake') {
    throw new BadRequestError(`not a wallet address (prefix "${prefix}")`, { reason: 'garbage' });
  }
  let parsed: CSL.Address;
  try {
    parsed = CSL.Address.from_bech32(text);
  } catch {
    throw new BadRequestError(`not a valid Cardano address: ${short(text)}`, { reason: 'garbage' });
  }
  if (parsed.network_id() !== 1) {
    throw new UnprocessableError('wrong_network', `address is not a ${network} address`, {
      reason: 'wrong_network',
    });
  }
  if (prefix === 'stake') {
    const reward = CSL.RewardAddress.from_address(parsed);
    if (!reward) throw new BadRequestError('not a stake address', { reason: 'garbage' });
    return { address: text, kind: 'stake' };
  }
  if (CSL.RewardAddress.from_address(parsed)) {
    throw new BadRequestError('stake address with an addr prefix', { reason: 'garbage' });
  }
  return { address: text, kind: 'payment' };
}

function short(text: string): string {
  return text.length > 24 ? `${text.slice(0, 12)}…${text.slice(-8)}` : text;
}
