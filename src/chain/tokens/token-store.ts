import type { TokenRecord } from './token-record.js';

/** Where token metadata is kept once fetched (port; Prisma implementation: `PrismaTokenStore`). */
export interface TokenStore {
  findMany(units: readonly string[]): Promise<TokenRecord[]>;
  /** Stores the record unless one exists for its unit; answers the stored one (first writer wins). */
  insertIfAbsent(record: TokenRecord): Promise<TokenRecord>;
}
