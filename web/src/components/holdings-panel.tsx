import { useServices } from '../app-context.js';
import { formatUnits, toBigInt } from '../format/amounts.js';
import { compareTokens, tokenLabel, tokenSubtitle } from '../format/tokens.js';
import { useAsync } from '../hooks/use-async.js';
import { Empty, ErrorBox, Loading } from './status.js';

/** Current holdings per token (summed over the chosen wallets), decimals applied, ADA first. */
export function HoldingsPanel({ walletId, refreshTick }: { walletId: string; refreshTick: number }) {
  const { api } = useServices();
  const holdings = useAsync(() => api.holdings(walletId || undefined), [api, walletId, refreshTick]);
  const rows = [...(holdings.data ?? [])].filter((h) => toBigInt(h.quantity) !== 0n).sort(compareTokens);

  return (
    <section className="card" aria-labelledby="holdings-title" data-testid="holdings">
      <div className="card-head">
        <h2 id="holdings-title">Holdings</h2>
        {holdings.loading && holdings.data ? <span className="spinner" aria-label="Refreshing" /> : null}
      </div>
      {holdings.error ? <ErrorBox error={holdings.error} onRetry={holdings.reload} /> : null}
      {holdings.loading && !holdings.data ? <Loading /> : null}
      {holdings.data && rows.length === 0 ? (
        <Empty title="Nothing here yet.">Holdings appear after the first sync of a wallet finishes.</Empty>
      ) : null}
      {rows.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>Token</th>
              <th className="num">Amount</th>
              <th className="num">Wallets</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h) => (
              <tr key={h.unit} data-unit={h.unit}>
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
                <td className="num">{h.wallets.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
