export interface AuthChallenge {
  id: string;
  address: string;
  nonce: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export type ConsumeChallengeResult =
  | { ok: true; challenge: AuthChallenge }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'address_mismatch' };

/** Single-use sign-in nonces. Not user data: they exist before the user is known. */
export interface AuthChallengeRepository {
  create(input: { address: string; nonce: string; expiresAt: Date }): Promise<AuthChallenge>;
  /** Atomically marks the challenge used; a second consume of the same nonce reports `used`. */
  consume(nonce: string, address: string, now: Date): Promise<ConsumeChallengeResult>;
  /** Deletes challenges that expired before `before`; returns how many. */
  purgeExpired(before: Date): Promise<number>;
}
