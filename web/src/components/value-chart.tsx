import { useState } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryInterval } from '../api/types.js';
import { useServices } from '../app-context.js';
import { formatDay } from '../format/dates.js';
import { formatMoney } from '../format/money.js';
import { useAsync } from '../hooks/use-async.js';
import { Empty, ErrorBox, Loading } from './status.js';

interface Point {
  at: string;
  exact: string | null;
  unpriced: number;
  /** Approximation for the chart's y position only; the tooltip shows the exact figure. */
  value: number | null;
}

const LOOKBACK_DAYS: Record<HistoryInterval, number> = { day: 90, week: 2 * 365, month: 8 * 365 };

/** The value of everything held, bucket by bucket, in the chosen currency (beside the quantity chart). */
export function ValueChart({
  walletId,
  currency,
  asOf,
  refreshTick,
}: {
  walletId: string;
  currency: string;
  asOf: string;
  refreshTick: number;
}) {
  const { api } = useServices();
  const [interval, setIntervalKind] = useState<HistoryInterval>('week');
  const history = useAsync(() => {
    const to = asOf ? new Date(`${asOf}T23:59:59.999Z`) : new Date();
    const from = new Date(to.getTime() - LOOKBACK_DAYS[interval] * 86_400_000);
    return api.history(interval, {
      from: from.toISOString(),
      to: to.toISOString(),
      walletId: walletId || undefined,
      currency,
    });
  }, [api, interval, walletId, currency, asOf, refreshTick]);
  const values = history.data?.values;
  const points: Point[] = (history.data?.buckets ?? []).map((at, i) => {
    const exact = values?.totals[i] ?? null;
    return { at, exact, unpriced: values?.unpriced[i] ?? 0, value: exact === null ? null : Number(exact) };
  });
  const priced = points.some((p) => p.exact !== null && p.exact !== '0');

  return (
    <section className="card" aria-labelledby="value-title" data-testid="value-history">
      <div className="card-head">
        <h2 id="value-title">Value over time ({currency})</h2>
        <div className="segmented" role="group" aria-label="Value interval">
          {(['day', 'week', 'month'] as const).map((i) => (
            <button
              key={i}
              type="button"
              className={interval === i ? 'active' : ''}
              aria-pressed={interval === i}
              onClick={() => setIntervalKind(i)}
            >
              {i[0]!.toUpperCase() + i.slice(1)}
            </button>
          ))}
        </div>
      </div>
      {history.error ? <ErrorBox error={history.error} onRetry={history.reload} /> : null}
      {history.loading && !history.data ? <Loading /> : null}
      {history.data && !priced ? (
        <Empty title="No prices for this period yet.">
          Values appear once prices for these days are in the price table.
        </Empty>
      ) : null}
      {priced ? (
        <div className="chart">
          <ResponsiveContainer width="100%" height={260}>
            <AreaChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <defs>
                <linearGradient id="value-fill" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor="#16a34a" stopOpacity={0.35} />
                  <stop offset="100%" stopColor="#16a34a" stopOpacity={0.02} />
                </linearGradient>
              </defs>
              <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" vertical={false} />
              <XAxis
                dataKey="at"
                tickFormatter={(v: string) => formatDay(v, interval)}
                tick={{ fontSize: 12, fill: '#6b7280' }}
                minTickGap={24}
              />
              <YAxis tick={{ fontSize: 12, fill: '#6b7280' }} width={80} />
              <Tooltip
                labelFormatter={(v) => formatDay(String(v), interval)}
                formatter={(_v, _n, item) => {
                  const p = item.payload as Point;
                  const note = p.unpriced ? ` (${p.unpriced} unpriced, not counted)` : '';
                  return [`${formatMoney(p.exact, currency)}${note}`, 'Value'];
                }}
              />
              <Area
                type="monotone"
                dataKey="value"
                connectNulls={false}
                stroke="#16a34a"
                strokeWidth={2}
                fill="url(#value-fill)"
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      ) : null}
    </section>
  );
}
