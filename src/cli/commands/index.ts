import type { CliCommand } from '../command.js';
import { migrateCommand } from './migrate.command.js';

/** Every CLI command, explicitly listed (no discovery by file name). */
export const commands: CliCommand[] = [migrateCommand];
