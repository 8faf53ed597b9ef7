import type { TxUtxos } from '../../domain/blockfrost-types.js';
import type { SettledSwap, SwapStep } from '../../domain/prices/fill-prices.js';
import type { SwapFillStore } from '../../prices/swap-fill-store.js';
import type { SqlPool } from '../prisma-client.js';

interface StepRow {
  action_id: string;
  link_key: string | null;
  tx_hash: string;
  tx_action: string;
  block_time: string;
  unit: string | null;
  quantity: string | null;
}

/** A step while its flows are being read. */
interface ReadStep extends SwapStep {
  flows: Map<string, bigint>;
}

/**
 * Swap Actions and their fills over plain SQL, across every user (the worker's connection; like the
 * price demand it reads amounts for public prices). Two statements: the Actions' steps with their
 * flows, then the fills' UTxOs from the shared chain cache, which the sync filled when it read them, so
 * deriving a price costs no chain request.
 */
export class PgSwapFillStore implements SwapFillStore {
  constructor(private readonly sql: SqlPool) {}

  async settledSwaps(unit: string, from: string, to: string): Promise<SettledSwap[]> {
    const { rows } = await this.sql.query<StepRow>({
      name: 'swap_fills_steps',
      text: `WITH acts AS (
          SELECT DISTINCT a.id FROM actions a
          JOIN transactions t ON t.action_id = a.id
          JOIN asset_flows f ON f.transaction_id = t.id AND f.unit = $1
          WHERE a.status = 'completed' AND a.action_type IN ('swap_order', 'swap_fill')
            AND a.completed_at >= $2::date AND a.completed_at < $3::date + 1)
        SELECT a.id::text AS action_id, a.link_key, t.tx_hash, t.tx_action,
          floor(extract(epoch FROM t.tx_timestamp))::text AS block_time, f.unit, f.quantity::text AS quantity
        FROM acts JOIN actions a ON a.id = acts.id
        JOIN transactions t ON t.action_id = a.id
        LEFT JOIN asset_flows f ON f.transaction_id = t.id
        ORDER BY a.id, t.sequence_number, t.tx_hash`,
      values: [unit, from, to],
    });
    const swaps = new Map<string, Omit<SettledSwap, 'steps'> & { steps: ReadStep[] }>();
    const fillHashes = new Set<string>();
    for (const r of rows) {
      if (r.link_key === null) continue;
      let swap = swaps.get(r.action_id);
      if (!swap) {
        // Only completed Actions are selected; the derivation checks the status again all the same.
        swap = { linkKey: r.link_key, status: 'completed', steps: [], fillUtxos: null };
        swaps.set(r.action_id, swap);
      }
      let step = swap.steps.find((s) => s.txHash === r.tx_hash);
      if (!step) {
        step = {
          txHash: r.tx_hash,
          txAction: r.tx_action,
          blockTime: Number(r.block_time),
          flows: new Map(),
        };
        swap.steps.push(step);
        if (r.tx_action === 'swap_fill') fillHashes.add(r.tx_hash);
      }
      if (r.unit !== null && r.quantity !== null) step.flows.set(r.unit, BigInt(r.quantity));
    }
    if (!fillHashes.size) return [...swaps.values()];
    const cached = await this.sql.query<{ tx_hash: string; utxos: TxUtxos }>({
      name: 'swap_fills_utxos',
      text: `SELECT tx_hash, utxos FROM chain_transactions WHERE tx_hash = ANY($1::text[])`,
      values: [[...fillHashes]],
    });
    const utxos = new Map(cached.rows.map((r) => [r.tx_hash, r.utxos]));
    for (const swap of swaps.values()) {
      const fill = swap.steps.find((s) => s.txAction === 'swap_fill');
      swap.fillUtxos = (fill && utxos.get(fill.txHash)) ?? null;
    }
    return [...swaps.values()];
  }
}
