// Writes a new migration offline: the SQL diff between the last committed schema and the working one.
// Usage: npm run migration:new -- <name>. Hand-written SQL (RLS, functions) can be appended afterwards.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run migration:new -- <snake_case_name>');
  process.exit(1);
}
const previous = join(mkdtempSync(join(tmpdir(), 'adafolio-schema-')), 'schema.prisma');
writeFileSync(previous, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma']));
const sql = execFileSync(
  'npx',
  [
    'prisma',
    'migrate',
    'diff',
    '--from-schema-datamodel',
    previous,
    '--to-schema-datamodel',
    'prisma/schema.prisma',
    '--script',
  ],
  {
    env: {
      // The diff compares two schema files; prisma.config.ts's adapter still opens a connection, so any database does.
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
      ...process.env,
      PRISMA_QUERY_ENGINE_LIBRARY: join(process.cwd(), 'prisma/.query-engine-placeholder'),
    },
  },
);
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join('prisma/migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), sql);
console.log(`wrote ${dir}/migration.sql`);
