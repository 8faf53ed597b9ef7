import type { GainsReport } from '../api/types.js';
import { shortAddress } from '../format/addresses.js';
import { formatDateTime } from '../format/dates.js';
import { formatQuantity, gainsTokenLabel } from '../gains/format.js';
import { TxHashLink } from './tx-hash-link.js';

const KIND_TEXT: Record<string, string> = {
  missing_basis: 'No cost basis',
  missing_price: 'No price',
};

/**
 * Events the figures could not value fully: a disposal with nothing to match (its cost counts as 0)
 * and an event without a price. Absent when there are none.
 */
export function GainsWarnings(props: {
  report: GainsReport;
  walletLabels: Map<string, string>;
  links?: boolean;
}) {
  const { report, links = true } = props;
  const { missingBasis, missingPrice } = report.counts;
  if (report.warnings.length === 0 && missingBasis + missingPrice === 0) return null;
  return (
    <section className="card warnings-card" data-testid="gains-warnings" aria-labelledby="gains-warn-title">
      <div className="card-head">
        <h2 id="gains-warn-title">⚠ Check these events</h2>
        <span className="small" data-testid="warning-counts">
          {missingBasis} without cost basis · {missingPrice} without a price
        </span>
      </div>
      <p className="small">
        A disposal without a cost basis counts its whole proceeds as gain; an event without a price has no
        value. Add the wallet it came from, or the missing price, and the figures recompute.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>What</th>
            <th>Date</th>
            <th>Token</th>
            <th className="num">Quantity</th>
            <th>Wallet</th>
            {links ? <th>Tx</th> : null}
          </tr>
        </thead>
        <tbody>
          {report.warnings.map((w, i) => (
            <tr
              key={`${w.eventId}:${w.kind}:${i}`}
              data-testid="warning-row"
              data-kind={w.kind}
              data-tx={w.txHash ?? ''}
            >
              <td>
                <span className="badge badge-warn">{KIND_TEXT[w.kind] ?? w.kind}</span>
              </td>
              <td className="nowrap">{formatDateTime(w.time)}</td>
              <td title={w.unit}>{gainsTokenLabel({ unit: w.unit, ticker: w.ticker })}</td>
              <td className="num mono">{formatQuantity(w.quantity)}</td>
              <td className="nowrap" title={w.walletAddress}>
                {props.walletLabels.get(w.walletAddress) ?? shortAddress(w.walletAddress)}
              </td>
              {links ? (
                <td>
                  <TxHashLink hash={w.txHash} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
