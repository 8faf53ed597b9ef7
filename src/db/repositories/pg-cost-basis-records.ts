import type { TxAction } from '../../domain/vocabulary.js';
import type { SqlPool } from '../prisma-client.js';
import type { CostBasisRecordReader, CostBasisRecordRow } from './cost-basis-records.js';
import { isUuid } from './uuid.js';

interface Row {
  wallet_address: string;
  tx_hash: string;
  block_height: number;
  block_time: string;
  tx_action: string;
  tx_protocol: string | null;
  description: string | null;
  net: string;
  fees: string;
  metadata: {
    deposit?: string;
    withdrawal?: string;
    txIndex?: number;
    failed?: boolean;
    link?: { key: string; role: string };
  } | null;
  /** `unit:quantity` pairs separated by spaces (units are hex or `lovelace`: no separator inside). */
  flows: string | null;
}

/** Plain SQL on Prisma's pool: the whole history in one named statement (a hot path of every report). */
export class PgCostBasisRecords implements CostBasisRecordReader {
  constructor(private readonly sql: SqlPool) {}

  async records(userId: string): Promise<CostBasisRecordRow[]> {
    if (!isUuid(userId)) return [];
    const { rows } = await this.sql.query<Row>({
      name: 'cost_basis_records',
      text: `SELECT t.wallet_address, t.tx_hash, t.block_height,
               floor(extract(epoch FROM t.tx_timestamp))::bigint::text AS block_time,
               t.tx_action, t.tx_protocol, t.description, t.net_ada_change::text AS net, t.fees::text AS fees,
               t.metadata,
               (SELECT string_agg(f.unit || ':' || f.quantity::text, ' ') FROM asset_flows f
                 WHERE f.transaction_id = t.id) AS flows
             FROM transactions t
             WHERE t.user_id = $1::uuid
             ORDER BY t.tx_timestamp, t.block_height, t.tx_hash, t.wallet_address`,
      values: [userId],
    });
    return rows.map(toRecord);
  }

  async version(userId: string): Promise<string> {
    if (!isUuid(userId)) return 'none';
    const { rows } = await this.sql.query<{ v: string }>({
      name: 'cost_basis_version',
      text: `SELECT concat_ws(':',
               (SELECT count(*) || '/' || coalesce(max(created_at)::text, '') || '/' || coalesce(sum(block_height), 0)
                  FROM transactions WHERE user_id = $1::uuid),
               (SELECT count(*) || '/' || coalesce(max(epoch), 0) || '/' || coalesce(sum(amount), 0)
                  FROM staking_rewards WHERE user_id = $1::uuid),
               (SELECT count(*) FROM wallets WHERE user_id = $1::uuid)) AS v`,
      values: [userId],
    });
    return rows[0]?.v ?? 'none';
  }
}

function toRecord(r: Row): CostBasisRecordRow {
  const meta = r.metadata ?? {};
  const flows = new Map<string, bigint>();
  for (const pair of r.flows ? r.flows.split(' ') : []) {
    const i = pair.lastIndexOf(':');
    flows.set(pair.slice(0, i), BigInt(pair.slice(i + 1)));
  }
  const net = BigInt(r.net);
  // The record's own net is the authority for lovelace (a flow row is only written when non-zero).
  if (net === 0n) flows.delete('lovelace');
  else flows.set('lovelace', net);
  const role = meta.link?.role;
  return {
    walletAddress: r.wallet_address,
    txHash: r.tx_hash,
    blockHeight: r.block_height,
    blockTime: Number(r.block_time),
    txIndex: meta.txIndex ?? 0,
    action: r.tx_action as TxAction,
    protocol: r.tx_protocol,
    description: r.description,
    netLovelace: net,
    fee: BigInt(r.fees),
    deposit: BigInt(meta.deposit ?? '0'),
    withdrawal: BigInt(meta.withdrawal ?? '0'),
    failed: meta.failed === true,
    ...(meta.link && (role === 'order' || role === 'fill' || role === 'refund')
      ? { link: { key: meta.link.key, role } }
      : {}),
    flows,
  };
}
