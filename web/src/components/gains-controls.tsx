import type { CostBasisSettings, Wallet } from '../api/types.js';
import { shortAddress } from '../format/addresses.js';
import { FEE_POLICIES, METHODS, REWARD_POLICIES, TAX_YEAR_STARTS } from '../gains/options.js';
import { taxYearLabel } from '../gains/years.js';
import type { GainsChoice } from '../gains/query.js';

type ChoicePatch = Partial<Omit<GainsChoice, 'currency'>>;

function Select<T extends string>(props: {
  label: string;
  testId: string;
  value: T;
  options: ReadonlyArray<{ id: T; label: string }>;
  onChange: (v: T) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <select
        aria-label={props.label}
        data-testid={props.testId}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The Gains page's selectors: every change re-asks `/api/gains` at once. Method and policies are
 * query parameters; the tax-year start is a setting only, so it takes effect when saved.
 */
export function GainsControls(props: {
  shown: CostBasisSettings;
  year: number | null;
  years: number[];
  wallets: Wallet[];
  walletId: string;
  currency: string;
  currencies: string[];
  onChoice: (patch: ChoicePatch) => void;
  onCurrency: (c: string) => void;
}) {
  const { shown } = props;
  return (
    <div className="toolbar toolbar-wrap" data-testid="gains-controls">
      <Select
        label="Method"
        testId="gains-method"
        value={shown.method}
        options={METHODS}
        onChange={(method) => props.onChoice({ method })}
      />
      <label>
        Tax year{' '}
        <select
          aria-label="Tax year"
          data-testid="gains-year"
          value={props.year === null ? '' : String(props.year)}
          onChange={(e) => props.onChoice({ year: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">All time</option>
          {props.years.map((y) => (
            <option key={y} value={y}>
              {taxYearLabel(y, shown.taxYearStart)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Wallet{' '}
        <select
          aria-label="Wallet"
          data-testid="gains-wallet"
          value={props.walletId}
          onChange={(e) => props.onChoice({ walletId: e.target.value })}
          title="Disposals and income of this wallet; its basis still follows transfers between your wallets"
        >
          <option value="">All wallets</option>
          {props.wallets.map((w) => (
            <option key={w.id} value={w.id}>
              {w.label ?? shortAddress(w.address)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Currency{' '}
        <select
          aria-label="Currency"
          data-testid="gains-currency"
          value={props.currency}
          onChange={(e) => props.onCurrency(e.target.value)}
        >
          {(props.currencies.length ? props.currencies : [props.currency]).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <Select
        label="Rewards"
        testId="gains-reward-policy"
        value={shown.rewardPolicy}
        options={REWARD_POLICIES}
        onChange={(rewardPolicy) => props.onChoice({ rewardPolicy })}
      />
      <Select
        label="Fees"
        testId="gains-fee-policy"
        value={shown.feePolicy}
        options={FEE_POLICIES}
        onChange={(feePolicy) => props.onChoice({ feePolicy })}
      />
      <Select
        label="Tax year starts"
        testId="gains-tax-year-start"
        value={shown.taxYearStart}
        options={TAX_YEAR_STARTS}
        onChange={(taxYearStart) => props.onChoice({ taxYearStart })}
      />
    </div>
  );
}
