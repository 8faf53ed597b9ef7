import type { GainsReport } from '../api/types.js';
import { formatMoney } from '../format/money.js';
import { formatGain, gainClass } from '../gains/format.js';

function Figure(props: {
  label: string;
  testId: string;
  value: string | null;
  currency: string;
  gain?: boolean;
}) {
  return (
    <div>
      <div className="muted small">{props.label}</div>
      <div
        className={`total-figure mono ${props.gain ? gainClass(props.value) : ''}`}
        data-testid={props.testId}
        data-exact={props.value ?? ''}
      >
        {props.gain ? formatGain(props.value, props.currency) : formatMoney(props.value, props.currency)}
      </div>
    </div>
  );
}

/** The period's totals: realized gain with its short/long-term split, unrealized now, income. */
export function GainsSummary({ report }: { report: GainsReport }) {
  const { currency, realized, unrealized } = report;
  return (
    <section className="card summary" data-testid="gains-summary">
      <Figure label="Realized gain" testId="gains-realized" value={realized.gain} currency={currency} gain />
      <Figure
        label="Short term"
        testId="gains-short"
        value={realized.shortTermGain}
        currency={currency}
        gain
      />
      <Figure label="Long term" testId="gains-long" value={realized.longTermGain} currency={currency} gain />
      <Figure label="Proceeds" testId="gains-proceeds" value={realized.proceeds} currency={currency} />
      <div>
        <Figure
          label="Unrealized gain"
          testId="gains-unrealized"
          value={unrealized.gain}
          currency={currency}
          gain
        />
        {unrealized.unpriced > 0 ? (
          <div className="warning small" data-testid="gains-unpriced">
            {unrealized.unpriced} holding{unrealized.unpriced === 1 ? '' : 's'} without a price{' '}
            {unrealized.unpriced === 1 ? 'is' : 'are'} not in it.
          </div>
        ) : null}
      </div>
      <Figure label="Income" testId="gains-income" value={report.income.total} currency={currency} />
    </section>
  );
}
