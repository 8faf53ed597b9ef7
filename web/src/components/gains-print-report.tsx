import type { GainsReport } from '../api/types.js';
import { formatDateTime } from '../format/dates.js';
import { FEE_POLICIES, labelOf, METHODS, REWARD_POLICIES, TAX_YEAR_STARTS } from '../gains/options.js';
import { taxYearLabel } from '../gains/years.js';
import { DisposalsTable } from './disposals-table.js';
import { GainsSummary } from './gains-summary.js';
import { IncomeByYear, RealizedByToken, RealizedByYear, UnrealizedByToken } from './gains-tables.js';
import { GainsWarnings } from './gains-warnings.js';

/** The settings a report was computed with, as a definition list. */
function SettingsUsed({ report }: { report: GainsReport }) {
  const rows: Array<[string, string]> = [
    ['Method', labelOf(METHODS, report.method)],
    ['Currency', report.currency],
    ['Tax year starts', labelOf(TAX_YEAR_STARTS, report.taxYearStart)],
    ['Rewards', labelOf(REWARD_POLICIES, report.rewardPolicy)],
    ['Fees', labelOf(FEE_POLICIES, report.feePolicy)],
  ];
  return (
    <dl className="report-settings" data-testid="report-settings">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The yearly report for printing (or "Save as PDF"): the settings used, realized totals, every
 * disposal, income per year, unrealized now and the warnings. `@media print` hides the nav
 * and the buttons and prints black on white.
 */
export function GainsPrintReport(props: {
  report: GainsReport;
  walletLabels: Map<string, string>;
  onBack: () => void;
}) {
  const { report } = props;
  const year = report.period.year;
  const title = year === null ? 'All time' : `Tax year ${taxYearLabel(year, report.taxYearStart)}`;
  return (
    <article className="print-report" data-testid="gains-print">
      <div className="toolbar no-print">
        <button type="button" className="btn btn-small btn-ghost" onClick={props.onBack}>
          ← Back to gains
        </button>
        <span className="grow" />
        <button type="button" className="btn btn-small btn-primary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <header className="report-head">
        <h1 data-testid="report-title">Capital gains and income — {title}</h1>
        <p className="muted small">
          Adafolio · generated {formatDateTime(new Date().toISOString())}
          {report.period.from && report.period.to
            ? ` · ${report.period.from.slice(0, 10)} to ${report.period.to.slice(0, 10)} (end exclusive)`
            : ''}
        </p>
        <SettingsUsed report={report} />
      </header>
      <GainsSummary report={report} />
      <RealizedByToken report={report} />
      {report.period.year === null ? <RealizedByYear report={report} /> : null}
      <section className="card">
        <div className="card-head">
          <h2>Disposals</h2>
          <span className="muted small">{report.disposals.length}</span>
        </div>
        <DisposalsTable disposals={report.disposals} currency={report.currency} links={false} />
      </section>
      <IncomeByYear report={report} />
      <UnrealizedByToken report={report} />
      <GainsWarnings report={report} walletLabels={props.walletLabels} links={false} />
    </article>
  );
}
