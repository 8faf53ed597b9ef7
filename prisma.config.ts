// Prisma CLI configuration. Migrations run on the WebAssembly schema engine through a driver adapter,
// because these machines cannot download Prisma's native engines (shared/notes/offline-setup.md).
// The 7.x pg adapter is used here only: 6.19's fails to read `name` columns during migrate.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from 'pg-adapter-migrate';
import { pgConfigFromUrl } from './src/db/pg-config-from-url.js';

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * The adapter runs a migration script by splitting it on every `;`, which breaks `DO $$ … $$` blocks
 * and SQL function bodies (our RLS and queue functions). PostgreSQL's simple query protocol takes a
 * multi-statement script as is, and runs it as one implicit transaction, so send it whole.
 */
class WholeScriptPg extends PrismaPg {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const pool = adapter.underlyingDriver() as { query(sql: string): Promise<unknown> };
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        (adapter as unknown as { onError(e: unknown): never }).onError(error);
      }
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => new WholeScriptPg(pgConfigFromUrl(requireDatabaseUrl())),
});

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  return url;
}
