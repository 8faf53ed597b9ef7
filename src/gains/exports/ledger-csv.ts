import { Decimal } from 'decimal.js';
import type { CostBasisEvent, Disposal } from '../../domain/cost-basis/index.js';
import { csvLine } from '../../portfolio/csv-field.js';
import type { ExportContext } from './export-context.js';
import { moneyText, quantityText, symbolOf } from './csv-format.js';

export const LEDGER_HEADER = [
  'date',
  'event',
  'tx_hash',
  'wallet',
  'unit',
  'ticker',
  'quantity',
  'bought_unit',
  'bought_quantity',
  'value',
  'proceeds',
  'cost',
  'gain',
  'flags',
] as const;

/**
 * Every normalized event in engine order with what the engine made of it: the disposal's proceeds,
 * cost and gain (summed over its rows) and flags. An accountant's view of the whole computation.
 */
export function* ledgerCsv(
  events: Iterable<CostBasisEvent>,
  disposals: readonly Disposal[],
  ctx: ExportContext & {
    txOf(eventId: string): string | null;
    missingPrice: ReadonlySet<string>;
    inScope(e: CostBasisEvent): boolean;
  },
): Generator<string> {
  const byEvent = new Map<string, { proceeds: Decimal; cost: Decimal; gain: Decimal; flags: Set<string> }>();
  for (const d of disposals) {
    const s = byEvent.get(d.eventId) ?? {
      proceeds: new Decimal(0),
      cost: new Decimal(0),
      gain: new Decimal(0),
      flags: new Set<string>(),
    };
    s.proceeds = s.proceeds.plus(d.proceeds);
    s.cost = s.cost.plus(d.cost);
    s.gain = s.gain.plus(d.gain);
    for (const f of d.flags) s.flags.add(f);
    byEvent.set(d.eventId, s);
  }
  yield csvLine(LEDGER_HEADER);
  for (const e of events) {
    if (!ctx.inScope(e)) continue;
    const d = byEvent.get(e.id);
    const flags = new Set(d?.flags ?? []);
    if (ctx.missingPrice.has(e.id)) flags.add('missing_price');
    const value = 'value' in e ? e.value : null;
    yield csvLine([
      new Date(e.time).toISOString(),
      e.kind,
      ctx.txOf(e.id) ?? '',
      e.walletId,
      e.unit,
      symbolOf(e.unit, ctx.tokens),
      quantityText(e.unit, e.quantity, ctx.tokens),
      e.kind === 'swap' ? e.boughtUnit : '',
      e.kind === 'swap' ? quantityText(e.boughtUnit, e.boughtQuantity, ctx.tokens) : '',
      value ? moneyText(value) : '',
      d ? moneyText(d.proceeds) : '',
      d ? moneyText(d.cost) : '',
      d ? moneyText(d.gain) : '',
      [...flags].join(' '),
    ]);
  }
}
