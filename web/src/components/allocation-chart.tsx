import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import type { ValuedPortfolio, Wallet } from '../api/types.js';
import { useServices } from '../app-context.js';
import { shortAddress } from '../format/addresses.js';
import { formatAda, percentOf, toBigInt, unitsToChartNumber } from '../format/amounts.js';
import { formatMoney } from '../format/money.js';
import { tokenLabel } from '../format/tokens.js';
import { useAsync } from '../hooks/use-async.js';
import { Empty, ErrorBox, Loading } from './status.js';

export const PALETTE = [
  '#0033ad',
  '#16a34a',
  '#f59e0b',
  '#db2777',
  '#7c3aed',
  '#0891b2',
  '#dc2626',
  '#65a30d',
];

interface Slice {
  key: string;
  label: string;
  lovelace: bigint;
  value: number;
}

/**
 * Where the value is: each token's share of the priced total when prices are known. Without any
 * price, a share across different tokens would mix units, so it falls back to ADA by wallet, which
 * is exact.
 */
export function AllocationChart(props: {
  wallets: Wallet[];
  walletId: string;
  refreshTick: number;
  portfolio: ValuedPortfolio | undefined;
}) {
  const p = props.portfolio;
  if (p && p.total.value !== null && p.total.value !== '0') return <AllocationByValue portfolio={p} />;
  return <AllocationByWallet {...props} />;
}

/** Exact shares (basis points from the decimal text) of each priced token in the total. */
function AllocationByValue({ portfolio }: { portfolio: ValuedPortfolio }) {
  const scale = (text: string) => {
    const [w = '0', f = ''] = text.split('.');
    return BigInt(w + (f + '000000').slice(0, 6));
  };
  const slices = portfolio.holdings
    .filter((h) => h.value !== null && h.value !== '0' && !h.value.startsWith('-'))
    .map((h) => ({
      key: h.unit,
      label: tokenLabel(h),
      exact: h.value!,
      micros: scale(h.value!),
      value: Number(h.value),
    }))
    .sort((a, b) => (b.micros > a.micros ? 1 : b.micros < a.micros ? -1 : 0));
  const total = slices.reduce((s, x) => s + x.micros, 0n);
  const currency = portfolio.currency;
  return (
    <section className="card" aria-labelledby="allocation-title" data-testid="allocation">
      <div className="card-head">
        <h2 id="allocation-title">Allocation</h2>
        <span className="muted small">Value by token ({currency})</span>
      </div>
      <div className="allocation">
        <div className="donut">
          <ResponsiveContainer width="100%" height={220}>
            <PieChart>
              <Pie
                data={slices}
                dataKey="value"
                nameKey="label"
                innerRadius={62}
                outerRadius={98}
                paddingAngle={slices.length > 1 ? 2 : 0}
                isAnimationActive={false}
                stroke="none"
              >
                {slices.map((s, i) => (
                  <Cell key={s.key} fill={PALETTE[i % PALETTE.length]} />
                ))}
              </Pie>
              <Tooltip
                formatter={(_v, _n, item) => formatMoney((item.payload as { exact: string }).exact, currency)}
              />
            </PieChart>
          </ResponsiveContainer>
          <div className="donut-center">
            <div className="muted small">Total</div>
            <div className="donut-total mono">{formatMoney(portfolio.total.value, currency)}</div>
          </div>
        </div>
        <ul className="legend" data-testid="allocation-legend">
          {slices.map((s, i) => (
            <li key={s.key}>
              <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
              <span className="legend-label">{s.label}</span>
              <span className="mono">{percentOf(s.micros, total)}%</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function AllocationByWallet({
  wallets,
  walletId,
  refreshTick,
}: {
  wallets: Wallet[];
  walletId: string;
  refreshTick: number;
}) {
  const { api } = useServices();
  // Always all wallets: the allocation compares them (the filter only highlights one).
  const holdings = useAsync(() => api.holdings(), [api, refreshTick]);
  const ada = holdings.data?.find((h) => h.unit === 'lovelace');
  const labels = new Map(wallets.map((w) => [w.address, w.label ?? shortAddress(w.address)]));
  const wallet = wallets.find((w) => w.id === walletId)?.address ?? '';
  const slices: Slice[] = (ada?.wallets ?? [])
    .map((w) => {
      const lovelace = toBigInt(w.quantity) ?? 0n;
      return {
        key: w.walletAddress,
        label: labels.get(w.walletAddress) ?? shortAddress(w.walletAddress),
        lovelace,
        value: unitsToChartNumber(lovelace, 6),
      };
    })
    .filter((s) => s.lovelace > 0n)
    .sort((a, b) => (b.lovelace > a.lovelace ? 1 : b.lovelace < a.lovelace ? -1 : 0));
  const total = slices.reduce((sum, s) => sum + s.lovelace, 0n);

  return (
    <section className="card" aria-labelledby="allocation-title" data-testid="allocation">
      <div className="card-head">
        <h2 id="allocation-title">Allocation</h2>
        <span className="muted small">ADA by wallet</span>
      </div>
      {holdings.error ? <ErrorBox error={holdings.error} onRetry={holdings.reload} /> : null}
      {holdings.loading && !holdings.data ? <Loading /> : null}
      {holdings.data && slices.length === 0 ? <Empty title="No ADA held yet." /> : null}
      {slices.length > 0 ? (
        <div className="allocation">
          <div className="donut">
            <ResponsiveContainer width="100%" height={220}>
              <PieChart>
                <Pie
                  data={slices}
                  dataKey="value"
                  nameKey="label"
                  innerRadius={62}
                  outerRadius={98}
                  paddingAngle={slices.length > 1 ? 2 : 0}
                  isAnimationActive={false}
                  stroke="none"
                >
                  {slices.map((s, i) => (
                    <Cell
                      key={s.key}
                      fill={PALETTE[i % PALETTE.length]}
                      opacity={wallet && wallet !== s.key ? 0.35 : 1}
                    />
                  ))}
                </Pie>
                <Tooltip formatter={(_v, _n, item) => `${formatAda((item.payload as Slice).lovelace)} ADA`} />
              </PieChart>
            </ResponsiveContainer>
            <div className="donut-center">
              <div className="muted small">Total</div>
              <div className="donut-total mono">{formatAda(total, { maxFractionDigits: 2 })}</div>
              <div className="muted small">ADA</div>
            </div>
          </div>
          <ul className="legend">
            {slices.map((s, i) => (
              <li key={s.key} className={wallet && wallet !== s.key ? 'dim' : ''}>
                <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
                <span className="legend-label">{s.label}</span>
                <span className="mono">{percentOf(s.lovelace, total)}%</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
