import { useMemo, useRef, useState } from 'react';
import type { UserSettings, Wallet } from '../api/types.js';
import { useServices } from '../app-context.js';
import { shortAddress } from '../format/addresses.js';
import { effectiveSettings, toGainsQuery, type GainsChoice } from '../gains/query.js';
import { yearOptions } from '../gains/years.js';
import { useAbortable } from '../hooks/use-abortable.js';
import { DisposalsTable } from './disposals-table.js';
import { GainsControls } from './gains-controls.js';
import { GainsExports } from './gains-exports.js';
import { GainsPrintReport } from './gains-print-report.js';
import { GainsSaveDefault } from './gains-save-default.js';
import { GainsSummary } from './gains-summary.js';
import { IncomeByYear, RealizedByToken, RealizedByYear, UnrealizedByToken } from './gains-tables.js';
import { GainsWarnings } from './gains-warnings.js';
import { Empty, ErrorBox, Loading } from './status.js';

export type GainsView = 'main' | 'report';

/**
 * Cost basis and gains (`GET /api/gains`): every selector change re-asks the API at once (the request
 * in flight is aborted; the old figures stay, dimmed, until the new ones arrive). Also the warnings,
 * the exports and the printable report of the selected tax year.
 */
export function GainsPage(props: {
  wallets: Wallet[];
  refreshTick: number;
  settings: UserSettings | undefined;
  currency: string;
  currencies: string[];
  onCurrency: (c: string) => void;
  onSettings: (s: UserSettings) => void;
  view: GainsView;
  onView: (v: GainsView) => void;
}) {
  const { api } = useServices();
  const [picked, setPicked] = useState<Omit<GainsChoice, 'currency'>>({ year: null });
  // A removed wallet falls back to all wallets.
  const walletId = props.wallets.some((w) => w.id === picked.walletId) ? (picked.walletId ?? '') : '';
  const choice: GainsChoice = { ...picked, walletId, currency: props.currency };
  const query = toGainsQuery(choice);
  const key = JSON.stringify(query);
  const [savedTick, setSavedTick] = useState(0);
  const report = useAbortable((signal) => api.gains(query, signal), [api, key, props.refreshTick, savedTick]);
  const data = report.data;
  // Years stay listed when one is selected (its report holds only that year).
  const knownYears = useRef<number[]>([]);
  const years = useMemo(() => {
    knownYears.current = yearOptions(data, knownYears.current);
    return knownYears.current;
  }, [data]);
  const shown = effectiveSettings(choice, data, props.settings);
  const labels = new Map(props.wallets.map((w) => [w.address, w.label ?? shortAddress(w.address)]));

  if (props.view === 'report' && data) {
    return <GainsPrintReport report={data} walletLabels={labels} onBack={() => props.onView('main')} />;
  }
  return (
    <div className="stack" data-testid="gains">
      <GainsControls
        shown={shown}
        year={picked.year}
        years={years}
        wallets={props.wallets}
        walletId={walletId}
        currency={props.currency}
        currencies={props.currencies}
        onChoice={(patch) => setPicked((p) => ({ ...p, ...patch }))}
        onCurrency={props.onCurrency}
      />
      <div className="toolbar">
        <GainsSaveDefault
          shown={shown}
          settings={props.settings}
          onSaved={(s) => {
            props.onSettings(s);
            setSavedTick((t) => t + 1);
          }}
        />
        <span className="grow" />
        {report.loading && data ? (
          <span className="spinner" aria-label="Recomputing" data-testid="gains-loading" />
        ) : null}
        <GainsExports query={query} />
        <button
          type="button"
          className="btn btn-small"
          data-testid="gains-print-open"
          disabled={!data}
          onClick={() => props.onView('report')}
        >
          Print report
        </button>
      </div>
      {report.error ? <ErrorBox error={report.error} onRetry={report.reload} /> : null}
      {report.loading && !data ? <Loading label="Computing gains…" /> : null}
      {data ? (
        <div className={`stack ${report.loading ? 'is-stale' : ''}`} data-testid="gains-body">
          <GainsWarnings report={data} walletLabels={labels} />
          {data.counts.events === 0 && data.disposals.length === 0 ? (
            <section className="card">
              <Empty title="Nothing to compute yet.">
                Gains appear once a wallet has synced transactions (and prices are known for them).
              </Empty>
            </section>
          ) : null}
          <GainsSummary report={data} />
          <div className="grid-2">
            <RealizedByToken report={data} />
            <RealizedByYear report={data} />
          </div>
          <div className="grid-2">
            <UnrealizedByToken report={data} />
            <IncomeByYear report={data} />
          </div>
          <section className="card" aria-labelledby="disposals-title">
            <div className="card-head">
              <h2 id="disposals-title">Disposals</h2>
              <span className="muted small">{data.disposals.length}</span>
            </div>
            <DisposalsTable disposals={data.disposals} currency={data.currency} />
          </section>
        </div>
      ) : null}
    </div>
  );
}
