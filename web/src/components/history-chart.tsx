import { useState } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { historyValues } from '../api/history.js';
import type { HistoryInterval } from '../api/types.js';
import { useServices } from '../app-context.js';
import { formatDay } from '../format/dates.js';
import { compareTokens, tokenLabel } from '../format/tokens.js';
import { useAsync } from '../hooks/use-async.js';
import { Empty, ErrorBox, Loading } from './status.js';

/**
 * How far back each interval looks: 90 days of days, two years of weeks, and every month since
 * Cardano's mainnet launch (2017-09-23) — all well under the API's 2,000 buckets per request.
 */
const MAINNET_LAUNCH = Date.UTC(2017, 8, 23);
function rangeStart(interval: HistoryInterval, to: Date): Date {
  if (interval === 'month') return new Date(MAINNET_LAUNCH);
  return new Date(to.getTime() - (interval === 'day' ? 90 : 2 * 365) * 86_400_000);
}

interface Point {
  at: string;
  /** Exact amount (decimals applied) for the tooltip. */
  exact: string;
  /** Approximation for the chart's y position only. */
  value: number;
}

/** Holdings of one token over time, bucketed by day, week or month (UTC). */
export function HistoryChart({ walletId, refreshTick }: { walletId: string; refreshTick: number }) {
  const { api } = useServices();
  const [interval, setIntervalKind] = useState<HistoryInterval>('month');
  const [unit, setUnit] = useState('lovelace');
  const history = useAsync(() => {
    const to = new Date();
    const from = rangeStart(interval, to);
    return api.history(interval, {
      from: from.toISOString(),
      to: to.toISOString(),
      walletId: walletId || undefined,
    });
  }, [api, interval, walletId, refreshTick]);

  const tokens = [...(history.data?.tokens ?? [])].sort(compareTokens);
  const token = tokens.find((t) => t.unit === unit) ?? tokens[0];
  const points: Point[] =
    history.data && token
      ? historyValues(history.data, token.unit).map((p) => ({
          at: p.at,
          exact: p.amount,
          value: Number(p.amount),
        }))
      : [];
  const label = token ? tokenLabel(token) : '';

  return (
    <section className="card" aria-labelledby="history-title" data-testid="history">
      <div className="card-head">
        <h2 id="history-title">Holdings over time</h2>
        <div className="controls">
          {tokens.length > 1 ? (
            <select aria-label="Token" value={token?.unit ?? ''} onChange={(e) => setUnit(e.target.value)}>
              {tokens.map((t) => (
                <option key={t.unit} value={t.unit}>
                  {tokenLabel(t)}
                </option>
              ))}
            </select>
          ) : null}
          <div className="segmented" role="group" aria-label="Interval">
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
      </div>
      {history.error ? <ErrorBox error={history.error} onRetry={history.reload} /> : null}
      {history.loading && !history.data ? <Loading /> : null}
      {history.data && points.length === 0 ? <Empty title="No history in this period yet." /> : null}
      {points.length > 0 ? (
        <div className="chart">
          <ResponsiveContainer width="100%" height={260}>
            <AreaChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <defs>
                <linearGradient id="history-fill" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor="#0033ad" stopOpacity={0.35} />
                  <stop offset="100%" stopColor="#0033ad" stopOpacity={0.02} />
                </linearGradient>
              </defs>
              <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" vertical={false} />
              <XAxis
                dataKey="at"
                tickFormatter={(v: string) => formatDay(v, interval)}
                tick={{ fontSize: 12, fill: '#6b7280' }}
                minTickGap={24}
              />
              <YAxis
                tick={{ fontSize: 12, fill: '#6b7280' }}
                width={72}
                tickFormatter={(v: number) => compact(v)}
              />
              <Tooltip
                labelFormatter={(v) => formatDay(String(v), interval)}
                formatter={(_v, _n, item) => [`${(item.payload as Point).exact} ${label}`, 'Holding']}
              />
              <Area
                type="stepAfter"
                dataKey="value"
                stroke="#0033ad"
                strokeWidth={2}
                fill="url(#history-fill)"
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      ) : null}
    </section>
  );
}

/** Axis ticks only (never a displayed amount): 1234567 → "1.2M". */
function compact(v: number): string {
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}
