import type { Decimal } from 'decimal.js';
import type { TokenInfoRow } from '../../db/repositories/pg-portfolio-read-repository.js';

/** What every export formatter reads beside its rows. */
export interface ExportContext {
  currency: string;
  tokens: ReadonlyMap<string, TokenInfoRow>;
  /** Value of `quantity` base units of `unit` at `time` (unix ms) in `currency`, null without a price. */
  valueAt(unit: string, quantity: bigint, time: number): Decimal | null;
}
