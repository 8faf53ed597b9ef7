import type { Disposal } from '../../domain/cost-basis/index.js';
import { csvLine } from '../../portfolio/csv-field.js';
import type { ExportContext } from './export-context.js';
import { quantityText, symbolOf, usDate } from './csv-format.js';

export const FORM_8949_HEADER = [
  'Description of property',
  'Date acquired',
  'Date sold or disposed of',
  'Proceeds',
  'Cost or other basis',
  'Gain or (loss)',
  'Term',
  'Flags',
  'TxHash',
] as const;

/**
 * Form 8949-style capital gains, one row per disposal (split by term as the engine splits it): money
 * rounded to cents as the form is filled in; `VARIOUS` for several acquisition dates; the flags say
 * where basis or a price was missing (basis 0 then, as Koinly does).
 */
export function* form8949Csv(
  disposals: Iterable<Disposal>,
  ctx: ExportContext & { txOf(eventId: string): string | null },
): Generator<string> {
  yield csvLine(FORM_8949_HEADER);
  for (const d of disposals) {
    yield csvLine([
      `${quantityText(d.unit, d.quantity, ctx.tokens)} ${symbolOf(d.unit, ctx.tokens)}`,
      d.dateAcquired === null ? '' : d.dateAcquired === 'various' ? 'VARIOUS' : usDate(d.dateAcquired),
      usDate(d.dateSold),
      d.proceeds.toFixed(2),
      d.cost.toFixed(2),
      d.gain.toFixed(2),
      d.term === 'long' ? 'long' : d.term === 'short' ? 'short' : 'n/a',
      d.flags.join(' '),
      ctx.txOf(d.eventId) ?? '',
    ]);
  }
}
