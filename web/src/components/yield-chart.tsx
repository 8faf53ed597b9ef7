import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatYield } from '../format/money.js';
import { hasYields, type EpochPoint } from '../staking/epoch-points.js';
import { Empty } from './status.js';

/**
 * The effective annualised yield per epoch (member rewards ÷ active stake × epochs per year) against
 * the pool's own yield to its delegators that epoch: a gap between the two lines is what the pool's
 * fees, saturation or missed blocks cost this stake.
 */
export function YieldChart({ points, epochsPerYear }: { points: EpochPoint[]; epochsPerYear: number }) {
  return (
    <section className="card" aria-labelledby="yield-title" data-testid="yield-chart">
      <div className="card-head">
        <h2 id="yield-title">Annualised yield per epoch</h2>
        <span className="muted small">reward ÷ active stake × {epochsPerYear} epochs a year</span>
      </div>
      {hasYields(points) ? (
        <div className="chart">
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" vertical={false} />
              <XAxis dataKey="epoch" tick={{ fontSize: 12, fill: '#6b7280' }} minTickGap={16} />
              <YAxis tick={{ fontSize: 12, fill: '#6b7280' }} width={50} unit="%" />
              <Tooltip
                labelFormatter={(epoch) => `Epoch ${String(epoch)}`}
                formatter={(_v, name, item) => {
                  const p = item.payload as EpochPoint;
                  return [formatYield(name === 'Pool' ? p.poolYieldExact : p.yieldExact), String(name)];
                }}
              />
              <Legend />
              <Line
                type="monotone"
                dataKey="yieldPercent"
                name="Yours"
                stroke="#0033ad"
                strokeWidth={2}
                dot={{ r: 2 }}
                connectNulls={false}
                isAnimationActive={false}
              />
              <Line
                type="monotone"
                dataKey="poolYieldPercent"
                name="Pool"
                stroke="#f59e0b"
                strokeWidth={2}
                strokeDasharray="4 3"
                dot={{ r: 3 }}
                connectNulls
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <Empty title="No yield to show yet.">
          A yield needs a member reward and the stake that earned it (from the account&apos;s stake history).
        </Empty>
      )}
    </section>
  );
}
