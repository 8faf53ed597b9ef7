import type { ValuedPortfolio } from '../api/types.js';
import { formatUnits, toBigInt } from '../format/amounts.js';
import { formatMoney, formatPercent, formatPrice, UNPRICED_LABEL } from '../format/money.js';
import { compareTokens, tokenLabel, tokenSubtitle } from '../format/tokens.js';
import type { AsyncState } from '../hooks/use-async.js';
import { Empty, ErrorBox, Loading } from './status.js';

/**
 * Holdings per token (summed over the chosen wallets), decimals applied, ADA first, each with its
 * price and value in the chosen currency. An unpriced holding says why; it is never shown as 0.
 */
export function HoldingsPanel({ portfolio }: { portfolio: AsyncState<ValuedPortfolio> }) {
  const data = portfolio.data;
  const currency = data?.currency ?? '';
  const rows = [...(data?.holdings ?? [])].filter((h) => toBigInt(h.quantity) !== 0n).sort(compareTokens);
  const unpriced = data?.total.unpricedUnits.length ?? 0;

  return (
    <section className="card" aria-labelledby="holdings-title" data-testid="holdings">
      <div className="card-head">
        <h2 id="holdings-title">Holdings{data?.asOf ? ` on ${data.asOf}` : ''}</h2>
        {portfolio.loading && data ? <span className="spinner" aria-label="Refreshing" /> : null}
      </div>
      {portfolio.error ? <ErrorBox error={portfolio.error} onRetry={portfolio.reload} /> : null}
      {portfolio.loading && !data ? <Loading /> : null}
      {data && rows.length > 0 ? (
        <div className="total-value" data-testid="total-value">
          <div className="muted small">Total value</div>
          <div className="total-figure mono">{formatMoney(data.total.value, currency)}</div>
          <div className="small">
            {data.change24h ? (
              <span
                className={data.change24h.absolute.startsWith('-') ? 'neg' : 'pos'}
                data-testid="change-24h"
              >
                24h {formatPercent(data.change24h.percent)} ({formatMoney(data.change24h.absolute, currency)})
              </span>
            ) : null}{' '}
            {data.change7d ? (
              <span
                className={data.change7d.absolute.startsWith('-') ? 'neg' : 'pos'}
                data-testid="change-7d"
              >
                7d {formatPercent(data.change7d.percent)}
              </span>
            ) : null}
          </div>
          {unpriced > 0 ? (
            <div className="warning small" data-testid="unpriced-note">
              {unpriced} holding{unpriced === 1 ? '' : 's'} without a price {unpriced === 1 ? 'is' : 'are'}{' '}
              not in the total.
            </div>
          ) : null}
          {!data.pricesAvailable ? (
            <div className="warning small">Prices are unavailable right now; quantities are exact.</div>
          ) : null}
        </div>
      ) : null}
      {data && rows.length === 0 ? (
        <Empty title="Nothing here yet.">Holdings appear after the first sync of a wallet finishes.</Empty>
      ) : null}
      {rows.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>Token</th>
              <th className="num">Amount</th>
              <th className="num">Price</th>
              <th className="num">Value</th>
              <th className="num">Wallets</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h) => (
              <tr key={h.unit} data-unit={h.unit} className={h.price === null ? 'unpriced' : ''}>
                <td>
                  <div className="token">
                    <span
                      className={`token-icon ${h.unit === 'lovelace' ? 'token-ada' : ''}`}
                      aria-hidden="true"
                    >
                      {tokenLabel(h).slice(0, 1).toUpperCase()}
                    </span>
                    <div>
                      <div className="token-name">{tokenLabel(h)}</div>
                      <div className="muted small" title={h.unit}>
                        {tokenSubtitle(h)}
                      </div>
                    </div>
                  </div>
                </td>
                <td className="num mono" data-testid={`holding-${h.unit}`}>
                  {formatUnits(h.quantity, h.decimals)}
                </td>
                <td
                  className="num mono"
                  data-testid={`price-${h.unit}`}
                  title={h.priceSource ? `${h.priceSource}, ${h.priceDate ?? ''}` : undefined}
                >
                  {h.price === null ? (
                    <span className="badge badge-warn">
                      {UNPRICED_LABEL[h.priceReason ?? 'no_source']}
                      {h.priceDate ? ` (last ${h.priceDate})` : ''}
                    </span>
                  ) : (
                    <>
                      {formatPrice(h.price, currency)}
                      {h.priceStale ? <div className="muted small">as of {h.priceDate}</div> : null}
                    </>
                  )}
                </td>
                <td className="num mono" data-testid={`value-${h.unit}`} data-exact={h.value ?? ''}>
                  {formatMoney(h.value, currency)}
                </td>
                <td className="num">{h.wallets.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
