import type { CliCommand } from '../command.js';
import { loadConfig } from '../../config/config.js';
import { migrateDatabase } from '../../db/database-admin.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Create the database if needed and apply every migration to DATABASE_URL (idempotent)',
  async run() {
    const config = loadConfig();
    await migrateDatabase(config.databaseUrl);
    return 0;
  },
};
