import { Prisma, type PrismaClient } from '../../db/prisma-client.js';
import type { TokenMetadataJson, TokenRecord } from './token-record.js';
import type { TokenStore } from './token-store.js';

type TokenRow = Awaited<ReturnType<PrismaClient['token']['findMany']>>[number];

const STANDARDS = ['registry', 'cip25', 'cip68'] as const;

function toRecord(row: TokenRow): TokenRecord {
  const standard = (STANDARDS as readonly string[]).includes(row.metadataStandard ?? '')
    ? (row.metadataStandard as TokenRecord['metadataStandard'])
    : null;
  return {
    unit: row.unit,
    policyId: row.policyId,
    assetName: row.assetName,
    fingerprint: row.fingerprint,
    name: row.name,
    ticker: row.ticker,
    decimals: row.decimals,
    logo: row.logo,
    metadataStandard: standard,
    metadata: (row.metadata ?? null) as TokenMetadataJson | null,
    fetchedAt: row.fetchedAt,
  };
}

/** `TokenStore` on the `tokens` table (Prisma model `Token`). */
export class PrismaTokenStore implements TokenStore {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  async findMany(units: readonly string[]): Promise<TokenRecord[]> {
    if (units.length === 0) return [];
    const rows = await this.deps.prisma.token.findMany({ where: { unit: { in: [...units] } } });
    return rows.map(toRecord);
  }

  async insertIfAbsent(r: TokenRecord): Promise<TokenRecord> {
    // Two processes may fetch the same new token at once: the first insert wins, both read it back.
    await this.deps.prisma.token.createMany({
      data: [
        {
          unit: r.unit,
          policyId: r.policyId,
          assetName: r.assetName,
          fingerprint: r.fingerprint,
          name: r.name,
          ticker: r.ticker,
          decimals: r.decimals,
          logo: r.logo,
          metadataStandard: r.metadataStandard,
          metadata: r.metadata === null ? Prisma.DbNull : (r.metadata as unknown as Prisma.InputJsonValue),
          fetchedAt: r.fetchedAt,
        },
      ],
      skipDuplicates: true,
    });
    const row = await this.deps.prisma.token.findUniqueOrThrow({ where: { unit: r.unit } });
    return toRecord(row);
  }
}
