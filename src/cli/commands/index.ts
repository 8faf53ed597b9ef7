import type { CliCommand } from '../command.js';
import { apiCommand } from './api.command.js';
import { exportCommand } from './export.command.js';
import { gainsCommand } from './gains.command.js';
import { migrateCommand } from './migrate.command.js';
import { portfolioCommand } from './portfolio.command.js';
import { pricesCommand } from './prices.command.js';
import { simCommand } from './sim.command.js';
import { syncCommand } from './sync.command.js';
import { workerCommand } from './worker.command.js';

/** Every CLI command, explicitly listed (no discovery by file name). */
export const commands: CliCommand[] = [
  migrateCommand,
  apiCommand,
  syncCommand,
  portfolioCommand,
  gainsCommand,
  exportCommand,
  pricesCommand,
  workerCommand,
  simCommand,
];
