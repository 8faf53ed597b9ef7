import { addValue, amountJson, outputAmountJson, type ChainModel } from '../model/chain-model.js';
import type { SimAccount, SimBlock, SimOutput, SimTx } from '../model/types.js';
import { assetFingerprint } from '../util/cardano-address.js';
import { dexPoolRoutes, poolTxUtxos } from './dex-pool-routes.js';
import { HttpError } from './errors.js';
import { addressUtxoJson, dataHash } from './utxo-json.js';
import { pageOf, parsePaging, rangeOf } from './pagination.js';
import { stakingRoutes } from './staking-routes.js';

/**
 * Blockfrost's API, answered from the chain model. Each route is a Blockfrost path template (used as the
 * stats key) and a handler returning the JSON value to send. Handlers throw HttpError for 400/404.
 */
export interface RouteContext {
  model: ChainModel;
  params: string[];
  query: URLSearchParams;
}

export type RouteHandler = (ctx: RouteContext) => unknown;

interface Route {
  template: string;
  segments: string[];
  handler: RouteHandler;
}

const TX_HASH = /^[0-9a-f]{64}$/;

function addressParam(raw: string): string {
  if (
    !/^(addr1[0-9a-z]+|addr_test1[0-9a-z]+|Ae2[1-9A-HJ-NP-Za-km-z]+|DdzFF[1-9A-HJ-NP-Za-km-z]+)$/.test(raw)
  ) {
    throw new HttpError(400, 'Invalid address for this network.');
  }
  return raw;
}

function stakeParam(raw: string): string {
  if (!/^stake1[0-9a-z]+$/.test(raw)) throw new HttpError(400, 'Invalid or malformed stake address format.');
  return raw;
}

function txOf(model: ChainModel, raw: string): SimTx {
  if (!TX_HASH.test(raw)) throw new HttpError(400, 'Missing, out of range or malformed hash.');
  const tx = model.tx(raw);
  if (!tx) throw new HttpError(404);
  return tx;
}

function accountOf(model: ChainModel, raw: string): SimAccount {
  const acc = model.account(stakeParam(raw));
  if (!acc) throw new HttpError(404);
  return acc;
}

/** Endpoints a recording cannot answer: the real chain's rewards and delegation amounts are unknown. */
function derivable(acc: SimAccount): void {
  if (acc.recorded) throw new HttpError(404);
}

function blockJson(model: ChainModel, b: SimBlock): unknown {
  let output = 0n;
  let fees = 0n;
  for (const tx of b.txs) {
    fees += tx.fee;
    for (const o of tx.outputs) if (o.created) output += o.lovelace;
  }
  const prev = model.blockBefore(b);
  const next = model.blockAfter(b);
  return {
    time: b.time,
    height: b.height,
    hash: b.hash,
    slot: b.slot,
    epoch: b.epoch,
    epoch_slot: b.epochSlot,
    slot_leader: b.slotLeader,
    size: b.size,
    tx_count: b.txs.length,
    output: b.txs.length ? output.toString() : null,
    fees: b.txs.length ? fees.toString() : null,
    block_vrf: b.blockVrf,
    op_cert: b.opCert,
    op_cert_counter: b.opCertCounter,
    previous_block: prev && prev.height === b.height - 1 ? prev.hash : null,
    next_block: next && next.height === b.height + 1 ? next.hash : null,
    confirmations: (model.tip?.height ?? b.height) - b.height,
  };
}

function txJson(tx: SimTx): unknown {
  const outSum = new Map<string, bigint>([['lovelace', 0n]]);
  for (const o of tx.outputs) if (!o.collateralReturn) addValue(outSum, o, 1n);
  const c = tx.counts;
  return {
    hash: tx.hash,
    block: tx.block.hash,
    block_height: tx.block.height,
    block_time: tx.block.time,
    slot: tx.block.slot,
    index: tx.index,
    output_amount: tx.outputAmount
      ? tx.outputAmount.map((a) => ({ unit: a.unit, quantity: a.quantity.toString() }))
      : amountJson(outSum),
    fees: tx.fee.toString(),
    deposit: tx.deposit.toString(),
    size: tx.size,
    invalid_before: tx.invalidBefore,
    invalid_hereafter: tx.invalidHereafter,
    utxo_count: c?.utxo ?? tx.inputs.length + tx.outputs.length,
    withdrawal_count: c?.withdrawal ?? tx.withdrawals.length,
    mir_cert_count: c?.mirCert ?? 0,
    delegation_count: c?.delegation ?? tx.certs.filter((x) => x.kind === 'delegation').length,
    stake_cert_count: c?.stakeCert ?? tx.certs.filter((x) => x.kind !== 'delegation').length,
    pool_update_count: c?.poolUpdate ?? 0,
    pool_retire_count: c?.poolRetire ?? 0,
    asset_mint_or_burn_count: c?.mintOrBurn ?? tx.mints.length,
    redeemer_count: c?.redeemer ?? tx.redeemers?.length ?? 0,
    valid_contract: tx.validContract,
    treasury_donation: tx.treasuryDonation.toString(),
  };
}

function inputJson(i: SimOutput, collateral: boolean, reference: boolean): unknown {
  return {
    address: i.address,
    amount: outputAmountJson(i),
    tx_hash: i.txHash,
    output_index: i.index,
    data_hash: dataHash(i),
    inline_datum: i.inlineDatum,
    reference_script_hash: i.referenceScriptHash,
    collateral,
    reference,
  };
}

function utxosJson(tx: SimTx): unknown {
  return {
    hash: tx.hash,
    inputs: [
      ...tx.inputs.map((i) => inputJson(i, false, false)),
      ...tx.collateralInputs.map((i) => inputJson(i, true, false)),
      ...tx.referenceInputs.map((i) => inputJson(i, false, true)),
    ],
    outputs: tx.outputs.map((o) => ({
      address: o.address,
      amount: outputAmountJson(o),
      output_index: o.index,
      data_hash: dataHash(o),
      inline_datum: o.inlineDatum,
      collateral: o.collateralReturn,
      reference_script_hash: o.referenceScriptHash,
      consumed_by_tx: o.consumedBy?.hash ?? null,
    })),
  };
}

function txListEntry(tx: SimTx): {
  tx_hash: string;
  tx_index: number;
  block_height: number;
  block_time: number;
} {
  return { tx_hash: tx.hash, tx_index: tx.index, block_height: tx.block.height, block_time: tx.block.time };
}

function pagedTxs(model: ChainModel, ordinals: readonly number[], query: URLSearchParams): SimTx[] {
  const paging = parsePaging(query, true);
  const key = (ord: number): { height: number; index: number } => {
    const t = model.txs[ord]!;
    return { height: t.block.height, index: t.index };
  };
  const [lo, hi] = rangeOf(ordinals, paging, key);
  return pageOf(ordinals, paging, lo, hi).map((ord) => model.txs[ord]!);
}

function ownAddressIn(tx: SimTx, acc: SimAccount, model: ChainModel): string {
  for (const i of tx.inputs) if (model.info(i.address).stakeAddress === acc.stakeAddress) return i.address;
  for (const o of tx.outputs) if (model.info(o.address).stakeAddress === acc.stakeAddress) return o.address;
  for (const i of tx.collateralInputs)
    if (model.info(i.address).stakeAddress === acc.stakeAddress) return i.address;
  return acc.addresses[0] ?? acc.stakeAddress;
}

/** Stake the account controlled just after transaction `ordinal` (delegation `amount`). */
function stakeAt(model: ChainModel, acc: SimAccount, ordinal: number): bigint {
  let sum = 0n;
  for (const ord of acc.txOrdinals) {
    if (ord > ordinal) break;
    const tx = model.txs[ord]!;
    for (const o of tx.outputs)
      if (o.created && model.info(o.address).stakeAddress === acc.stakeAddress) sum += o.lovelace;
    for (const i of tx.validContract ? tx.inputs : tx.collateralInputs)
      if (model.info(i.address).stakeAddress === acc.stakeAddress) sum -= i.lovelace;
  }
  return sum;
}

function certEvents(
  model: ChainModel,
  acc: SimAccount,
): Array<{ tx: SimTx; cert: SimTx['certs'][number]; index: number }> {
  const out: Array<{ tx: SimTx; cert: SimTx['certs'][number]; index: number }> = [];
  for (const ord of model.accountEventOrdinals(acc.stakeAddress)) {
    const tx = model.txs[ord]!;
    tx.certs.forEach((cert, index) => {
      if (cert.stakeAddress === acc.stakeAddress) out.push({ tx, cert, index });
    });
  }
  return out;
}

const routes: Array<[string, RouteHandler]> = [
  ['/', () => ({ url: 'https://blockfrost.io/', version: '0.1.93' })],
  ['/health', () => ({ is_healthy: true })],
  ['/health/clock', () => ({ server_time: Date.now() })],
  [
    '/blocks/latest',
    ({ model }) => {
      const tip = model.tip;
      if (!tip) throw new HttpError(404);
      return blockJson(model, tip);
    },
  ],
  [
    '/blocks/latest/txs',
    ({ model, query }) => {
      const tip = model.tip;
      if (!tip) throw new HttpError(404);
      return pageOf(tip.txs, parsePaging(query, false)).map((t) => t.hash);
    },
  ],
  [
    '/blocks/{hash_or_number}',
    ({ model, params }) => {
      const b = model.block(params[0]!);
      if (!b) throw new HttpError(404);
      return blockJson(model, b);
    },
  ],
  [
    '/blocks/{hash_or_number}/txs',
    ({ model, params, query }) => {
      const b = model.block(params[0]!);
      if (!b) throw new HttpError(404);
      return pageOf(b.txs, parsePaging(query, false)).map((t) => t.hash);
    },
  ],
  [
    '/addresses/{address}',
    ({ model, params }) => {
      const address = addressParam(params[0]!);
      if (!model.txOrdinalsOfAddress(address)) throw new HttpError(404);
      const info = model.info(address);
      return {
        address,
        amount: amountJson(model.balanceOf(address)),
        stake_address: info.stakeAddress,
        type: info.type,
        script: info.script,
      };
    },
  ],
  [
    '/addresses/{address}/total',
    ({ model, params }) => {
      const address = addressParam(params[0]!);
      const ords = model.txOrdinalsOfAddress(address);
      if (!ords) throw new HttpError(404);
      const t = model.totalsOf(new Set([address]), ords);
      return {
        address,
        received_sum: amountJson(t.received),
        sent_sum: amountJson(t.sent),
        tx_count: t.count,
      };
    },
  ],
  [
    '/addresses/{address}/transactions',
    ({ model, params, query }) => {
      const address = addressParam(params[0]!);
      const ords = model.txOrdinalsOfAddress(address);
      if (!ords) throw new HttpError(404);
      return pagedTxs(model, ords, query).map(txListEntry);
    },
  ],
  [
    '/addresses/{address}/utxos',
    ({ model, params, query }) => {
      const address = addressParam(params[0]!);
      if (!model.txOrdinalsOfAddress(address)) throw new HttpError(404);
      const paging = parsePaging(query, false);
      return pageOf(model.utxosOf(address), paging).map((o) => addressUtxoJson(model, address, o));
    },
  ],
  ['/txs/{hash}', ({ model, params }) => txJson(txOf(model, params[0]!))],
  [
    '/txs/{hash}/utxos',
    ({ model, params }) => poolTxUtxos(model, params[0]!) ?? utxosJson(txOf(model, params[0]!)),
  ],
  [
    '/txs/{hash}/metadata',
    ({ model, params }) => {
      const tx = txOf(model, params[0]!);
      if (!tx.metadata) throw new HttpError(404);
      return tx.metadata.map((m) => ({ label: m.label, json_metadata: m.json }));
    },
  ],
  [
    '/txs/{hash}/cbor',
    ({ model, params }) => {
      const tx = txOf(model, params[0]!);
      if (!tx.cbor) throw new HttpError(404);
      return { cbor: tx.cbor };
    },
  ],
  [
    '/txs/{hash}/redeemers',
    ({ model, params }) => {
      const tx = txOf(model, params[0]!);
      if (!tx.redeemers) throw new HttpError(404);
      return tx.redeemers.map((r) => ({
        tx_index: r.index,
        purpose: r.purpose,
        script_hash: r.scriptHash,
        redeemer_data_hash: r.redeemerDataHash,
        datum_hash: r.datumHash,
        unit_mem: r.unitMem.toString(),
        unit_steps: r.unitSteps.toString(),
        fee: r.fee.toString(),
      }));
    },
  ],
  [
    '/txs/{hash}/withdrawals',
    ({ model, params }) => {
      const tx = txOf(model, params[0]!);
      if (tx.counts && tx.counts.withdrawal !== tx.withdrawals.length) throw new HttpError(404);
      return tx.withdrawals.map((w) => ({ address: w.stakeAddress, amount: w.amount.toString() }));
    },
  ],
  [
    '/txs/{hash}/stakes',
    ({ model, params }) => {
      const tx = txOf(model, params[0]!);
      const certs = tx.certs.map((c, i) => ({ c, i })).filter(({ c }) => c.kind !== 'delegation');
      if (tx.counts && tx.counts.stakeCert !== certs.length) throw new HttpError(404);
      return certs.map(({ c, i }) => ({
        cert_index: i,
        address: c.stakeAddress,
        registration: c.kind === 'registration',
      }));
    },
  ],
  [
    '/txs/{hash}/delegations',
    ({ model, params }) => {
      const tx = txOf(model, params[0]!);
      const certs = tx.certs.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === 'delegation');
      if (tx.counts && (tx.counts.delegation !== certs.length || certs.some(({ c }) => !c.poolId)))
        throw new HttpError(404);
      return certs.map(({ c, i }, n) => ({
        index: n,
        cert_index: i,
        address: c.stakeAddress,
        pool_id: c.poolId!,
        active_epoch: tx.block.epoch + 2,
      }));
    },
  ],
  [
    '/accounts/{stake_address}',
    ({ model, params }) => {
      const acc = accountOf(model, params[0]!);
      const r = acc.recorded;
      const withdrawable = model.withdrawable(acc);
      return {
        stake_address: acc.stakeAddress,
        active: r ? r.active : acc.registered,
        registered: r ? r.active : acc.registered,
        active_epoch: r ? r.activeEpoch : acc.activeEpoch,
        controlled_amount: (acc.utxoLovelace + withdrawable).toString(),
        rewards_sum: model.rewardsSum(acc).toString(),
        withdrawals_sum: model.withdrawalsSum(acc).toString(),
        reserves_sum: (r?.reservesSum ?? 0n).toString(),
        treasury_sum: (r?.treasurySum ?? 0n).toString(),
        withdrawable_amount: withdrawable.toString(),
        pool_id: r ? r.poolId : acc.poolId,
        drep_id: r?.drepId ?? null,
      };
    },
  ],
  [
    '/accounts/{stake_address}/addresses',
    ({ model, params, query }) =>
      pageOf(accountOf(model, params[0]!).addresses, parsePaging(query, false)).map((address) => ({
        address,
      })),
  ],
  [
    '/accounts/{stake_address}/addresses/total',
    ({ model, params }) => {
      const acc = accountOf(model, params[0]!);
      const t = model.totalsOf(new Set(acc.addresses), acc.txOrdinals);
      return {
        stake_address: acc.stakeAddress,
        received_sum: amountJson(t.received),
        sent_sum: amountJson(t.sent),
        tx_count: t.count,
      };
    },
  ],
  [
    '/accounts/{stake_address}/transactions',
    ({ model, params, query }) => {
      const acc = accountOf(model, params[0]!);
      return pagedTxs(model, acc.txOrdinals, query).map((tx) => ({
        address: ownAddressIn(tx, acc, model),
        ...txListEntry(tx),
      }));
    },
  ],
  [
    '/accounts/{stake_address}/history',
    ({ model, params, query }) => {
      const acc = accountOf(model, params[0]!);
      derivable(acc);
      return pageOf(acc.history, parsePaging(query, false)).map((h) => ({
        active_epoch: h.activeEpoch,
        amount: h.amount.toString(),
        pool_id: h.poolId,
      }));
    },
  ],
  [
    '/accounts/{stake_address}/withdrawals',
    ({ model, params, query }) => {
      const acc = accountOf(model, params[0]!);
      const list: Array<{
        tx_hash: string;
        amount: string;
        tx_slot: number;
        block_time: number;
        block_height: number;
      }> = [];
      for (const ord of model.accountEventOrdinals(acc.stakeAddress)) {
        const tx = model.txs[ord]!;
        for (const w of tx.withdrawals) {
          if (w.stakeAddress === acc.stakeAddress) {
            list.push({
              tx_hash: tx.hash,
              amount: w.amount.toString(),
              tx_slot: tx.block.slot,
              block_time: tx.block.time,
              block_height: tx.block.height,
            });
          }
        }
      }
      return pageOf(list, parsePaging(query, false));
    },
  ],
  [
    '/accounts/{stake_address}/delegations',
    ({ model, params, query }) => {
      const acc = accountOf(model, params[0]!);
      derivable(acc);
      const list = certEvents(model, acc)
        .filter((e) => e.cert.kind === 'delegation')
        .map(({ tx, cert }) => ({
          active_epoch: tx.block.epoch + 2,
          tx_hash: tx.hash,
          amount: stakeAt(model, acc, tx.ordinal).toString(),
          pool_id: cert.poolId!,
          tx_slot: tx.block.slot,
          block_time: tx.block.time,
          block_height: tx.block.height,
        }));
      return pageOf(list, parsePaging(query, false));
    },
  ],
  [
    '/accounts/{stake_address}/registrations',
    ({ model, params, query }) => {
      const acc = accountOf(model, params[0]!);
      const list = certEvents(model, acc)
        .filter((e) => e.cert.kind !== 'delegation')
        .map(({ tx, cert }) => ({
          tx_hash: tx.hash,
          action: cert.kind === 'registration' ? 'registered' : 'deregistered',
          deposit: (tx.deposit < 0n ? -tx.deposit : tx.deposit).toString(),
          tx_slot: tx.block.slot,
          block_time: tx.block.time,
          block_height: tx.block.height,
        }));
      return pageOf(list, parsePaging(query, false));
    },
  ],
  [
    '/assets/{asset}',
    ({ model, params }) => {
      const unit = params[0]!;
      if (!/^[0-9a-f]{56,120}$/.test(unit)) throw new HttpError(400, 'Invalid or malformed asset format.');
      const a = model.assets.get(unit);
      if (!a) throw new HttpError(404);
      const first = a.mintOrdinals.length ? model.txs[a.mintOrdinals[0]!]!.hash : a.preMint?.txHash;
      if (!first) throw new HttpError(404);
      return {
        asset: a.unit,
        policy_id: a.policyId,
        asset_name: a.assetName || null,
        fingerprint: assetFingerprint(a.unit),
        quantity: (a.supply + (a.preMint?.quantity ?? 0n)).toString(),
        initial_mint_tx_hash: first,
        mint_or_burn_count: a.mintOrdinals.length + (a.preMint ? 1 : 0),
        onchain_metadata: a.onchainMetadata,
        onchain_metadata_standard: a.onchainMetadataStandard,
        onchain_metadata_extra: null,
        metadata: a.metadata,
      };
    },
  ],
];

routes.push(...dexPoolRoutes, ...stakingRoutes);

const table: Route[] = routes.map(([template, handler]) => ({
  template,
  handler,
  segments: template.split('/').filter(Boolean),
}));

/** Finds the route for a path below `/api/v0` (no query string). */
export function matchRoute(path: string): { route: Route; params: string[] } | null {
  const parts = path.split('/').filter(Boolean);
  outer: for (const route of table) {
    if (route.segments.length !== parts.length) continue;
    const params: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const seg = route.segments[i]!;
      if (seg.startsWith('{')) params.push(decodeURIComponent(parts[i]!));
      else if (seg !== parts[i]) continue outer;
    }
    return { route, params };
  }
  return null;
}

export const ROUTE_TEMPLATES = table.map((r) => r.template);
