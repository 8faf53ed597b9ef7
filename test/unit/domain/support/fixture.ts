import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChainTransaction, TxDetails, TxUtxos } from '../../../../src/domain/index.js';

const ROOT = fileURLToPath(
  new URL('../../../../../shared/fixtures/blockfrost/mainnet-stake-2021/', import.meta.url),
);

interface Recorded {
  stakeAddress: string;
  responses: { method: string; path: string; status: number; body: unknown }[];
}

export interface StakeFixture {
  stakeAddress: string;
  expected: {
    account: { controlled_amount: string; withdrawable_amount: string; withdrawals_sum: string };
    txHashes: string[];
    txNetLovelace: Record<string, string>;
    addressesWithTransactions: string[];
  };
  transactions: ChainTransaction[];
}

/** The real 2021 recording, as the sync would hand it to the ledger (details + utxos per transaction). */
export function loadStakeFixture(): StakeFixture {
  const recorded = JSON.parse(readFileSync(`${ROOT}responses.json`, 'utf8')) as Recorded;
  const expected = JSON.parse(readFileSync(`${ROOT}expected.json`, 'utf8')) as StakeFixture['expected'];
  const body = (path: string) => recorded.responses.find((r) => r.path === path && r.status === 200)?.body;
  const transactions = expected.txHashes.map((hash): ChainTransaction => {
    const details = body(`/txs/${hash}`) as TxDetails & {
      block_height: number;
      block_time: number;
      index: number;
    };
    const utxos = body(`/txs/${hash}/utxos`) as TxUtxos;
    return {
      hash,
      blockHeight: details.block_height,
      blockTime: details.block_time,
      txIndex: details.index,
      utxos,
      details,
    };
  });
  transactions.sort((a, b) => a.blockHeight - b.blockHeight || a.txIndex - b.txIndex);
  return { stakeAddress: recorded.stakeAddress, expected, transactions };
}
