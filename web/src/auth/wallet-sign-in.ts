import type { ApiClient } from '../api/api-client.js';
import type { Session, SessionStore } from './session-store.js';
import { signInAddress, utf8ToHex, type DetectedWallet } from './cip30.js';

export type SignInStep = 'connecting' | 'challenge' | 'signing' | 'verifying';

/**
 * CIP-30 sign-in: enable the wallet, take its address, ask the API for a challenge, have the wallet
 * sign the challenge text (CIP-8 signData), and trade the signature for tokens.
 */
export async function signInWithWallet(
  wallet: DetectedWallet,
  deps: { api: ApiClient; session: SessionStore; onStep?: (step: SignInStep) => void },
): Promise<Session> {
  deps.onStep?.('connecting');
  const walletApi = await wallet.provider.enable();
  const address = await signInAddress(walletApi);
  deps.onStep?.('challenge');
  const challenge = await deps.api.challenge(address.bech32);
  deps.onStep?.('signing');
  const signed = await walletApi.signData(address.hex, utf8ToHex(challenge.message));
  deps.onStep?.('verifying');
  const tokens = await deps.api.verify({
    address: address.bech32,
    nonce: challenge.nonce,
    signature: signed.signature,
    key: signed.key,
  });
  return deps.session.setFromTokens(tokens, address.bech32);
}

/** Turns a wallet's refusal into words (CIP-30 errors are objects with `code` and `info`). */
export function describeWalletError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; info?: unknown; message?: unknown };
    if (typeof e.info === 'string' && e.info) {
      return e.code === 2 || e.code === -3 ? `The wallet declined: ${e.info}` : e.info;
    }
    if (typeof e.message === 'string' && e.message) return e.message;
  }
  return String(error);
}
