import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import type { Wallet } from '../api/types.js';
import { useServices } from '../app-context.js';
import { shortAddress } from '../format/addresses.js';
import { formatAda, percentOf, toBigInt, unitsToChartNumber } from '../format/amounts.js';
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
 * Where the ADA is: the share of each wallet in the total. Adafolio tracks no token prices, so a
 * share across different tokens would mix units; ADA per wallet is the allocation that is exact.
 */
export function AllocationChart({
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
