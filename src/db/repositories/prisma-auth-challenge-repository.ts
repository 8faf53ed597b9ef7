import type { PrismaClient } from '../prisma-client.js';
import type {
  AuthChallenge,
  AuthChallengeRepository,
  ConsumeChallengeResult,
} from './auth-challenge-repository.js';

export class PrismaAuthChallengeRepository implements AuthChallengeRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(input: { address: string; nonce: string; expiresAt: Date }): Promise<AuthChallenge> {
    return this.prisma.authChallenge.create({
      data: input,
      select: { id: true, address: true, nonce: true, expiresAt: true, usedAt: true },
    });
  }

  async consume(nonce: string, address: string, now: Date): Promise<ConsumeChallengeResult> {
    // The conditional update is the atomic step: of two concurrent verifications only one flips used_at.
    const { count } = await this.prisma.authChallenge.updateMany({
      where: { nonce, address, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    const challenge = await this.prisma.authChallenge.findUnique({
      where: { nonce },
      select: { id: true, address: true, nonce: true, expiresAt: true, usedAt: true },
    });
    if (count === 1 && challenge) return { ok: true, challenge };
    if (!challenge) return { ok: false, reason: 'unknown' };
    if (challenge.address !== address) return { ok: false, reason: 'address_mismatch' };
    if (challenge.usedAt) return { ok: false, reason: 'used' };
    return { ok: false, reason: 'expired' };
  }

  async purgeExpired(before: Date): Promise<number> {
    const { count } = await this.prisma.authChallenge.deleteMany({ where: { expiresAt: { lt: before } } });
    return count;
  }
}
