import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAda } from '../format/amounts.js';
import { formatMoney } from '../format/money.js';
import type { EpochPoint } from '../staking/epoch-points.js';

type Mode = 'ada' | 'value';

/**
 * Rewards per epoch, one bar per epoch, in ADA or in their value at receipt. An epoch whose rewards
 * have no price has no value bar (unknown is not zero); the tooltip says so.
 */
export function RewardsChart({ points, currency }: { points: EpochPoint[]; currency: string }) {
  const [mode, setMode] = useState<Mode>('ada');
  return (
    <section className="card" aria-labelledby="rewards-chart-title" data-testid="rewards-chart">
      <div className="card-head">
        <h2 id="rewards-chart-title">Rewards per epoch</h2>
        <div className="segmented" role="group" aria-label="Show rewards in">
          {(
            [
              ['ada', 'ADA'],
              ['value', currency],
            ] as const
          ).map(([m, label]) => (
            <button
              key={m}
              type="button"
              className={mode === m ? 'active' : ''}
              aria-pressed={mode === m}
              onClick={() => setMode(m)}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      <div className="chart">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" vertical={false} />
            <XAxis dataKey="epoch" tick={{ fontSize: 12, fill: '#6b7280' }} minTickGap={16} />
            <YAxis tick={{ fontSize: 12, fill: '#6b7280' }} width={70} />
            <Tooltip
              labelFormatter={(epoch) => `Epoch ${String(epoch)}`}
              formatter={(_v, _n, item) => {
                const p = item.payload as EpochPoint;
                const value =
                  p.value === null
                    ? 'no price'
                    : `${formatMoney(p.value, currency)}${p.unpriced ? ` (+${p.unpriced} unpriced)` : ''}`;
                return [
                  `${formatAda(p.lovelace)} ADA · ${value}`,
                  `${p.count} reward${p.count === 1 ? '' : 's'}`,
                ];
              }}
            />
            <Bar
              dataKey={mode === 'ada' ? 'ada' : 'valueNumber'}
              name={mode === 'ada' ? 'ADA' : currency}
              fill={mode === 'ada' ? '#0033ad' : '#16a34a'}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
