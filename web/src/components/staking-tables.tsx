import type { RewardTotal, StakingReport } from '../api/types.js';
import { formatAda } from '../format/amounts.js';
import { formatMoney, formatYield } from '../format/money.js';
import { labelIsPoolId, poolText } from '../staking/reward-labels.js';

/** The count, and how many of them have no price (so are not in the value beside it). */
function CountCell({ total }: { total: RewardTotal }) {
  return (
    <td className="num">
      {total.count}
      {total.unpriced > 0 ? (
        <div
          className="warning small nowrap"
          data-testid="unpriced-count"
          title="Rewards without a price on the day they became spendable are not in the value"
        >
          {total.unpriced} unpriced
        </div>
      ) : null}
    </td>
  );
}

function AmountCells({ total, currency }: { total: RewardTotal; currency: string }) {
  return (
    <>
      <td className="num mono" data-testid="total-ada">
        {formatAda(total.amountLovelace)}
      </td>
      <td className="num mono" data-testid="total-value" data-exact={total.value ?? ''}>
        {formatMoney(total.value, currency)}
      </td>
    </>
  );
}

/** Income per calendar year (the user's time zone): each reward valued when it became spendable. */
export function YearTotals({ report }: { report: StakingReport }) {
  const { currency } = report;
  return (
    <section className="card" aria-labelledby="years-title" data-testid="staking-years">
      <div className="card-head">
        <h2 id="years-title">Income per year</h2>
        <span className="muted small">valued at receipt, in {currency}</span>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Year</th>
            <th className="num">Rewards</th>
            <th className="num">ADA</th>
            <th className="num">Value</th>
          </tr>
        </thead>
        <tbody>
          {[...report.byYear].reverse().map((y) => (
            <tr key={y.year} data-testid="year-row" data-year={y.year}>
              <td>{y.year}</td>
              <CountCell total={y} />
              <AmountCells total={y} currency={currency} />
            </tr>
          ))}
          <tr className="total-row" data-testid="year-total">
            <td>
              <strong>All years</strong>
            </td>
            <CountCell total={report.total} />
            <AmountCells total={report.total} currency={currency} />
          </tr>
        </tbody>
      </table>
    </section>
  );
}

export function PoolTotals({ report }: { report: StakingReport }) {
  return (
    <section className="card" aria-labelledby="pools-title" data-testid="staking-pools">
      <div className="card-head">
        <h2 id="pools-title">Rewards per pool</h2>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Pool</th>
            <th className="num">Rewards</th>
            <th className="num">ADA</th>
            <th className="num">Value</th>
          </tr>
        </thead>
        <tbody>
          {report.byPool.map((p) => (
            <tr key={p.poolId ?? 'none'} data-testid="pool-row" data-pool={p.poolId ?? ''}>
              <td className={labelIsPoolId(p) ? 'mono small pool-id' : ''} title={p.poolId ?? undefined}>
                {poolText(p)}
              </td>
              <CountCell total={p} />
              <AmountCells total={p} currency={report.currency} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Every epoch's figures as a table (the chart's exact numbers), folded away by default. */
export function EpochTable({ report }: { report: StakingReport }) {
  return (
    <details className="card" data-testid="staking-epochs">
      <summary>
        <strong>Every epoch</strong> <span className="muted small">({report.byEpoch.length})</span>
      </summary>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Epoch</th>
              <th className="num">Rewards</th>
              <th className="num">ADA</th>
              <th className="num">Value</th>
              <th className="num">Your yield</th>
              <th className="num">Pool yield</th>
            </tr>
          </thead>
          <tbody>
            {[...report.byEpoch].reverse().map((e) => (
              <tr key={e.epoch} data-testid="epoch-row" data-epoch={e.epoch}>
                <td>{e.epoch}</td>
                <CountCell total={e} />
                <AmountCells total={e} currency={report.currency} />
                <td className="num mono" data-testid="epoch-yield">
                  {formatYield(e.annualisedYield)}
                </td>
                <td className="num mono" data-testid="epoch-pool-yield">
                  {formatYield(e.poolAnnualisedYield)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
