import { InvalidAddressError } from '../domain/address/invalid-address.error.js';
import { parseWalletAddress } from '../domain/address/wallet-address.js';
import { BadRequestError, UnprocessableError } from './errors.js';

export type WalletAddressKind = 'payment' | 'stake';

/**
 * Validates an address typed by a user with the ledger core's parser (checksum, network, kind) and
 * maps its refusals to API errors: broken input (garbage, bad checksum) is 400, a real address this
 * instance cannot track (another network, an unsupported kind) is 422. `details.reason` carries the
 * parser's reason either way.
 */
export function parseWalletAddressInput(input: string): { address: string; kind: WalletAddressKind } {
  try {
    const wallet = parseWalletAddress(input);
    return { address: wallet.address, kind: wallet.kind };
  } catch (error) {
    if (!(error instanceof InvalidAddressError)) throw error;
    const details = { reason: error.reason };
    if (error.reason === 'wrong_network' || error.reason === 'unsupported') {
      throw new UnprocessableError(error.reason, error.message, details);
    }
    throw new BadRequestError(error.message, details);
  }
}
