import type { GainsDisposal } from '../api/types.js';
import { formatDay } from '../format/dates.js';
import { formatMoney } from '../format/money.js';
import { acquiredText, formatGain, formatQuantity, gainClass, gainsTokenLabel } from '../gains/format.js';
import { Empty } from './status.js';
import { TxHashLink } from './tx-hash-link.js';

const FLAG_TEXT: Record<string, string> = {
  missing_basis: 'no basis',
  missing_price: 'no price',
  swap: 'swap',
  fee: 'fee',
  loss: 'loss',
};
const WARNING_FLAGS = new Set(['missing_basis', 'missing_price']);
const TERM_TEXT: Record<string, string> = { short: 'Short', long: 'Long', 'n/a': '—' };

/** Every disposal of the period (a sale or swap; a split by term shows as two rows). */
export function DisposalsTable(props: {
  disposals: GainsDisposal[];
  currency: string;
  /** Rows link to Cardanoscan; the print view has no links. */
  links?: boolean;
}) {
  const { currency, links = true } = props;
  if (props.disposals.length === 0) return <Empty title="No disposals in this period." />;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="disposals">
        <thead>
          <tr>
            <th>Acquired</th>
            <th>Sold</th>
            <th>Token</th>
            <th className="num">Quantity</th>
            <th className="num">Proceeds</th>
            <th className="num">Cost</th>
            <th className="num">Gain</th>
            <th>Term</th>
            <th>Flags</th>
            {links ? <th>Tx</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.disposals.map((d, i) => (
            <tr
              key={`${d.eventId}:${d.term}:${i}`}
              data-testid="disposal-row"
              data-tx={d.txHash ?? ''}
              data-unit={d.unit}
            >
              <td className="nowrap" data-testid="acquired">
                {acquiredText(d.dateAcquired)}
              </td>
              <td className="nowrap">{formatDay(d.dateSold)}</td>
              <td title={d.name ?? d.unit}>{gainsTokenLabel(d)}</td>
              <td className="num mono">{formatQuantity(d.quantity)}</td>
              <td className="num mono">{formatMoney(d.proceeds, currency)}</td>
              <td className="num mono">{formatMoney(d.cost, currency)}</td>
              <td className={`num mono nowrap ${gainClass(d.gain)}`} data-testid="gain" data-exact={d.gain}>
                {formatGain(d.gain, currency)}
              </td>
              <td>{TERM_TEXT[d.term] ?? d.term}</td>
              <td>
                {d.flags.map((f) => (
                  <span
                    key={f}
                    className={`badge ${WARNING_FLAGS.has(f) ? 'badge-warn' : 'badge-kind'}`}
                    data-testid="flag"
                    data-flag={f}
                  >
                    {FLAG_TEXT[f] ?? f}
                  </span>
                ))}
              </td>
              {links ? (
                <td>
                  <TxHashLink hash={d.txHash} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
