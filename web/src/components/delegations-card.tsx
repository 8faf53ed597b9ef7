import type { Delegation, RewardsLedger } from '../api/types.js';
import { shortAddress } from '../format/addresses.js';
import { formatAda, toBigInt } from '../format/amounts.js';
import { labelIsPoolId, poolText } from '../staking/reward-labels.js';

/** The current delegation of each stake wallet, with the last check of its rewards ledger. */
export function DelegationsCard({ delegations }: { delegations: Delegation[] }) {
  return (
    <section className="card" aria-labelledby="delegations-title" data-testid="delegations">
      <div className="card-head">
        <h2 id="delegations-title">Current delegation</h2>
      </div>
      <ul className="wallet-list">
        {delegations.map((d) => (
          <li key={d.walletId} className="wallet-item delegation" data-testid="delegation">
            <div className="wallet-main">
              <div className="wallet-title">
                <strong>{d.label ?? shortAddress(d.walletAddress)}</strong>
                <LedgerBadge ledger={d.ledger} />
              </div>
              <div className="muted small mono wallet-address" title={d.walletAddress}>
                {shortAddress(d.walletAddress, 14, 8)}
              </div>
            </div>
            <div className="delegation-pool">
              {d.poolId ? (
                <>
                  <div
                    className={labelIsPoolId(d) ? 'mono small pool-id' : 'pool-ticker'}
                    data-testid="delegation-pool"
                    title={d.poolMetadataError ? `${d.poolId} (metadata: ${d.poolMetadataError})` : d.poolId}
                  >
                    {poolText(d)}
                  </div>
                  <div className="muted small">
                    in epoch {d.activeEpoch ?? '—'}
                    {d.activeStakeLovelace
                      ? ` · ${formatAda(d.activeStakeLovelace, { maxFractionDigits: 2 })} ADA staked`
                      : ''}
                  </div>
                </>
              ) : (
                <div className="muted" data-testid="delegation-pool">
                  Not delegated
                </div>
              )}
            </div>
            <LedgerDetail ledger={d.ledger} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Rewards + MIR − withdrawals against what the chain says the reward account holds. */
function LedgerBadge({ ledger }: { ledger: RewardsLedger | null }) {
  if (!ledger) return <span className="badge badge-muted">Ledger not checked</span>;
  if (ledger.status === 'matched') {
    return (
      <span
        className="badge badge-ok"
        data-testid="ledger-matched"
        title={`Rewards ledger matches the chain: ${formatAda(ledger.withdrawableLovelace)} ADA withdrawable`}
      >
        ✓ Ledger matched
      </span>
    );
  }
  const diff = toBigInt(ledger.differenceLovelace) ?? 0n;
  return (
    <span
      className="badge badge-warn"
      data-testid="ledger-mismatch"
      title={`Chain ${formatAda(ledger.withdrawableLovelace)} ADA withdrawable, computed ${formatAda(ledger.computedLovelace)} ADA`}
    >
      ⚠ Ledger mismatch {formatAda(diff, { signed: true })} ADA
    </span>
  );
}

function LedgerDetail({ ledger }: { ledger: RewardsLedger | null }) {
  if (!ledger) return null;
  return (
    <div className="ledger small" data-testid="ledger">
      <span className="muted">
        {formatAda(ledger.rewardsLovelace)} rewards + {formatAda(ledger.mirLovelace)} MIR −{' '}
        {formatAda(ledger.withdrawnLovelace)} withdrawn = {formatAda(ledger.computedLovelace)} ADA; the chain
        holds {formatAda(ledger.withdrawableLovelace)} ADA.
      </span>
      {ledger.status === 'mismatch' ? (
        <div className="warning" data-testid="gap-epochs">
          {ledger.gapEpochs.length > 0
            ? `Staked epochs without a stored reward: ${ledger.gapEpochs.join(', ')}`
            : 'No staked epoch is missing a reward; the next sync reads the listing again.'}
        </div>
      ) : null}
    </div>
  );
}
