import { shortHash } from '../format/addresses.js';
import { CARDANOSCAN_TX } from '../gains/format.js';

/** A transaction on Cardanoscan, as the history links it; a reward (no transaction) says so. */
export function TxHashLink({ hash }: { hash: string | null }) {
  if (!hash) {
    return (
      <span className="muted small" title="A staking reward: credited without a transaction">
        reward
      </span>
    );
  }
  return (
    <a
      className="mono small"
      href={CARDANOSCAN_TX(hash)}
      target="_blank"
      rel="noreferrer"
      title={hash}
      data-testid="tx-link"
    >
      {shortHash(hash)}
    </a>
  );
}
