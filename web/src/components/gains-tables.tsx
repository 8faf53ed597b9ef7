import type { GainsReport } from '../api/types.js';
import { formatMoney } from '../format/money.js';
import { formatGain, formatQuantity, gainClass, gainsTokenLabel } from '../gains/format.js';
import { taxYearLabel } from '../gains/years.js';
import { Empty } from './status.js';

function Money({ value, currency, testId }: { value: string | null; currency: string; testId?: string }) {
  return (
    <td className="num mono" data-testid={testId} data-exact={value ?? ''}>
      {formatMoney(value, currency)}
    </td>
  );
}

function Gain({ value, currency }: { value: string | null; currency: string }) {
  return (
    <td className={`num mono nowrap ${gainClass(value)}`} data-testid="gain" data-exact={value ?? ''}>
      {formatGain(value, currency)}
    </td>
  );
}

/** Realized gains per token over the period. */
export function RealizedByToken({ report }: { report: GainsReport }) {
  const { currency } = report;
  return (
    <section className="card" data-testid="gains-by-token" aria-labelledby="gains-token-title">
      <div className="card-head">
        <h2 id="gains-token-title">Realized by token</h2>
      </div>
      {report.realized.byToken.length === 0 ? (
        <Empty title="Nothing was sold or swapped in this period." />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Token</th>
              <th className="num">Quantity</th>
              <th className="num">Proceeds</th>
              <th className="num">Cost</th>
              <th className="num">Gain</th>
            </tr>
          </thead>
          <tbody>
            {report.realized.byToken.map((t) => (
              <tr key={t.unit} data-testid="token-row" data-unit={t.unit}>
                <td title={t.name ?? t.unit}>{gainsTokenLabel(t)}</td>
                <td className="num mono">{formatQuantity(t.quantity)}</td>
                <Money value={t.proceeds} currency={currency} />
                <Money value={t.cost} currency={currency} />
                <Gain value={t.gain} currency={currency} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Realized gains per tax year (the label is the year the tax year starts in). */
export function RealizedByYear({ report }: { report: GainsReport }) {
  const { currency } = report;
  return (
    <section className="card" data-testid="gains-by-year" aria-labelledby="gains-year-title">
      <div className="card-head">
        <h2 id="gains-year-title">Realized by tax year</h2>
      </div>
      {report.realized.byYear.length === 0 ? (
        <Empty title="No disposals in this period." />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Tax year</th>
              <th className="num">Proceeds</th>
              <th className="num">Cost</th>
              <th className="num">Gain</th>
            </tr>
          </thead>
          <tbody>
            {[...report.realized.byYear].reverse().map((y) => (
              <tr key={y.year} data-testid="gain-year-row" data-year={y.year}>
                <td>{taxYearLabel(y.year, report.taxYearStart)}</td>
                <Money value={y.proceeds} currency={currency} />
                <Money value={y.cost} currency={currency} />
                <Gain value={y.gain} currency={currency} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Open holdings at the end of the period against their basis, at the latest prices; no price is said, never 0. */
export function UnrealizedByToken({ report }: { report: GainsReport }) {
  const { currency } = report;
  return (
    <section className="card" data-testid="gains-unrealized-table" aria-labelledby="gains-unreal-title">
      <div className="card-head">
        <h2 id="gains-unreal-title">Unrealized by token</h2>
        <span className="muted small">held today, at the latest prices</span>
      </div>
      {report.unrealized.byToken.length === 0 ? (
        <Empty title="No open holdings." />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Token</th>
              <th className="num">Quantity</th>
              <th className="num">Cost</th>
              <th className="num">Value</th>
              <th className="num">Gain</th>
            </tr>
          </thead>
          <tbody>
            {report.unrealized.byToken.map((t) => (
              <tr key={t.unit} data-testid="unrealized-row" data-unit={t.unit}>
                <td title={t.name ?? t.unit}>{gainsTokenLabel(t)}</td>
                <td className="num mono">{formatQuantity(t.quantity)}</td>
                <Money value={t.cost} currency={currency} testId="cost" />
                {t.value === null ? (
                  <td className="num" colSpan={2}>
                    <span
                      className="badge badge-warn"
                      data-testid="no-price"
                      title="No price for this token: its value and gain are unknown, not zero"
                    >
                      no price
                    </span>
                  </td>
                ) : (
                  <>
                    <Money value={t.value} currency={currency} testId="value" />
                    <Gain value={t.gain} currency={currency} />
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Staking rewards (and other income) per tax year, valued when received. */
export function IncomeByYear({ report }: { report: GainsReport }) {
  const { currency } = report;
  const unpriced = report.income.rows.filter((r) => r.missingPrice).length;
  return (
    <section className="card" data-testid="gains-income-table" aria-labelledby="gains-income-title">
      <div className="card-head">
        <h2 id="gains-income-title">Income per tax year</h2>
        <span className="muted small">staking rewards, valued at receipt</span>
      </div>
      {report.income.byYear.length === 0 ? (
        <Empty title="No income in this period." />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Tax year</th>
              <th className="num">Rewards</th>
              <th className="num">Value</th>
            </tr>
          </thead>
          <tbody>
            {[...report.income.byYear].reverse().map((y) => (
              <tr key={y.year} data-testid="income-year-row" data-year={y.year}>
                <td>{taxYearLabel(y.year, report.taxYearStart)}</td>
                <td className="num">{y.count}</td>
                <Money value={y.value} currency={currency} />
              </tr>
            ))}
            <tr className="total-row">
              <td>
                <strong>Total</strong>
              </td>
              <td className="num">{report.income.byYear.reduce((n, y) => n + y.count, 0)}</td>
              <Money value={report.income.total} currency={currency} testId="income-total" />
            </tr>
          </tbody>
        </table>
      )}
      {unpriced > 0 ? (
        <p className="warning small">
          {unpriced} reward{unpriced === 1 ? '' : 's'} without a price {unpriced === 1 ? 'is' : 'are'} not
          valued (see the warnings).
        </p>
      ) : null}
    </section>
  );
}
