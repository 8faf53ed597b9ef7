import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';
import { pgConfigFromUrl } from './pg-config-from-url.js';

export type { PrismaClient } from './generated/client.js';
export { Prisma } from './generated/client.js';

/** Prisma with the pg driver adapter (query compiler in WebAssembly: no native engine to download). */
export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ ...pgConfigFromUrl(databaseUrl), max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
