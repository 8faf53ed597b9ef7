import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChainModel } from '../model/chain-model.js';
import type {
  SimBlock,
  SimCert,
  SimMetadata,
  SimOutput,
  SimRedeemer,
  SimTx,
  SimWithdrawal,
  TokenAmount,
} from '../model/types.js';
import { slotClock, type SimWallet } from '../generator/chain-generator.js';

/**
 * Turns a recording of real Blockfrost responses (`../shared/fixtures/README.md`) into a chain model.
 * Recorded transactions become the chain; accounts and addresses are derived from them, so endpoints
 * the recording lacks still answer. Only what the recording cannot tell (real rewards, CBOR, metadata
 * that was never fetched) answers 404.
 */

interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface Recording {
  source?: string;
  recordedAt?: string;
  network?: string;
  stakeAddress?: string;
  responses: RecordedResponse[];
}

interface Amount {
  unit: string;
  quantity: string;
}
interface RecTx {
  hash: string;
  block: string;
  block_height: number;
  block_time: number;
  slot: number;
  index: number;
  output_amount: Amount[];
  fees: string;
  deposit: string;
  size: number;
  invalid_before: string | null;
  invalid_hereafter: string | null;
  utxo_count: number;
  withdrawal_count: number;
  mir_cert_count: number;
  delegation_count: number;
  stake_cert_count: number;
  pool_update_count: number;
  pool_retire_count: number;
  asset_mint_or_burn_count: number;
  redeemer_count: number;
  valid_contract: boolean;
  treasury_donation?: string;
}
interface RecIo {
  address: string;
  amount: Amount[];
  tx_hash?: string;
  output_index: number;
  data_hash?: string | null;
  inline_datum?: string | null;
  reference_script_hash?: string | null;
  collateral?: boolean;
  reference?: boolean;
}
interface RecUtxos {
  inputs: RecIo[];
  outputs: RecIo[];
}
interface RecAccount {
  stake_address: string;
  active: boolean;
  active_epoch: number | null;
  rewards_sum: string;
  withdrawable_amount: string;
  reserves_sum?: string;
  treasury_sum?: string;
  pool_id: string | null;
  drep_id?: string | null;
}
interface RecRedeemer {
  tx_index: number;
  purpose: SimRedeemer['purpose'];
  script_hash: string;
  redeemer_data_hash: string;
  datum_hash?: string;
  unit_mem: string;
  unit_steps: string;
  fee: string;
}

export interface ImportedRecording {
  model: ChainModel;
  wallets: SimWallet[];
  recording: Recording;
}

export function loadRecording(dir: string): Recording {
  return JSON.parse(readFileSync(join(dir, 'responses.json'), 'utf8')) as Recording;
}

function value(amount: Amount[]): { lovelace: bigint; assets: TokenAmount[] | null } {
  let lovelace = 0n;
  const assets: TokenAmount[] = [];
  for (const a of amount) {
    if (a.unit === 'lovelace') lovelace += BigInt(a.quantity);
    else assets.push({ unit: a.unit, quantity: BigInt(a.quantity) });
  }
  return { lovelace, assets: assets.length ? assets : null };
}

export function importRecording(recording: Recording): ImportedRecording {
  const model = new ChainModel();
  const txBodies = new Map<string, RecTx>();
  const utxoBodies = new Map<string, RecUtxos>();
  const metadataBodies = new Map<string, Array<{ label: string; json_metadata: unknown }>>();
  const cborBodies = new Map<string, string>();
  const redeemerBodies = new Map<string, RecRedeemer[]>();
  const accounts: RecAccount[] = [];
  for (const r of recording.responses) {
    if (r.method !== 'GET' || r.status !== 200) continue;
    const path = r.path.split('?')[0]!;
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'txs' && parts.length === 2) txBodies.set(parts[1]!, r.body as RecTx);
    else if (parts[0] === 'txs' && parts[2] === 'utxos') utxoBodies.set(parts[1]!, r.body as RecUtxos);
    else if (parts[0] === 'txs' && parts[2] === 'metadata' && parts.length === 3)
      metadataBodies.set(parts[1]!, r.body as Array<{ label: string; json_metadata: unknown }>);
    else if (parts[0] === 'txs' && parts[2] === 'cbor')
      cborBodies.set(parts[1]!, (r.body as { cbor: string }).cbor);
    else if (parts[0] === 'txs' && parts[2] === 'redeemers')
      redeemerBodies.set(parts[1]!, r.body as RecRedeemer[]);
    else if (parts[0] === 'accounts' && parts.length === 2) accounts.push(r.body as RecAccount);
  }

  const ordered = [...txBodies.values()]
    .filter((t) => utxoBodies.has(t.hash))
    .sort((a, b) => a.block_height - b.block_height || a.index - b.index);
  const blocks = new Map<string, SimBlock>();
  for (const t of ordered) {
    if (blocks.has(t.block)) continue;
    const clock = slotClock(t.slot);
    const block: SimBlock = {
      height: t.block_height,
      hash: t.block,
      slot: t.slot,
      time: t.block_time,
      epoch: clock.epoch,
      epochSlot: clock.epochSlot,
      // Unknown to the recording: the block header was never fetched.
      slotLeader: '',
      size: 0,
      blockVrf: null,
      opCert: null,
      opCertCounter: null,
      txs: [],
    };
    blocks.set(t.block, block);
    model.addRecordedBlock(block);
  }

  const delegationTxs = new Map<string, number>();
  const accountOf = new Map(accounts.map((a) => [a.stake_address, a]));
  const byHash = new Map<string, SimTx>();
  const pending: Array<{ tx: SimTx; rec: RecTx }> = [];
  for (const rec of ordered) {
    const u = utxoBodies.get(rec.hash)!;
    const block = blocks.get(rec.block)!;
    const resolve = (i: RecIo): SimOutput => {
      const known = byHash.get(i.tx_hash ?? '')?.outputs[i.output_index];
      if (known) return known;
      const v = value(i.amount);
      return {
        txHash: i.tx_hash ?? '',
        index: i.output_index,
        address: i.address,
        lovelace: v.lovelace,
        assets: v.assets,
        dataHash: i.data_hash ?? null,
        inlineDatum: i.inline_datum ?? null,
        referenceScriptHash: i.reference_script_hash ?? null,
        collateralReturn: false,
        created: true,
        consumedBy: null,
        inModel: false,
      };
    };
    const valid = rec.valid_contract;
    const tx: SimTx = {
      hash: rec.hash,
      block,
      index: rec.index,
      ordinal: -1,
      inputs: u.inputs.filter((i) => !i.collateral && !i.reference).map(resolve),
      collateralInputs: u.inputs.filter((i) => i.collateral).map(resolve),
      referenceInputs: u.inputs.filter((i) => i.reference).map(resolve),
      outputs: [],
      fee: BigInt(rec.fees),
      deposit: BigInt(rec.deposit),
      size: rec.size,
      invalidBefore: rec.invalid_before,
      invalidHereafter: rec.invalid_hereafter,
      validContract: valid,
      withdrawals: [],
      certs: [],
      mints: [],
      metadata: metadataBodies.has(rec.hash)
        ? metadataBodies.get(rec.hash)!.map((m): SimMetadata => ({ label: m.label, json: m.json_metadata }))
        : null,
      redeemers: redeemerBodies.has(rec.hash)
        ? redeemerBodies.get(rec.hash)!.map((r): SimRedeemer => ({
            purpose: r.purpose,
            index: r.tx_index,
            scriptHash: r.script_hash,
            redeemerDataHash: r.redeemer_data_hash,
            datumHash: r.datum_hash ?? '',
            unitMem: BigInt(r.unit_mem),
            unitSteps: BigInt(r.unit_steps),
            fee: BigInt(r.fee),
          }))
        : rec.redeemer_count === 0
          ? []
          : null,
      cbor: cborBodies.get(rec.hash) ?? null,
      treasuryDonation: BigInt(rec.treasury_donation ?? '0'),
      counts: {
        withdrawal: rec.withdrawal_count,
        stakeCert: rec.stake_cert_count,
        delegation: rec.delegation_count,
        mintOrBurn: rec.asset_mint_or_burn_count,
        redeemer: rec.redeemer_count,
        mirCert: rec.mir_cert_count,
        poolUpdate: rec.pool_update_count,
        poolRetire: rec.pool_retire_count,
        utxo: rec.utxo_count,
      },
      outputAmount: rec.output_amount.map((a) => ({ unit: a.unit, quantity: BigInt(a.quantity) })),
    };
    tx.outputs = u.outputs.map((o) => {
      const v = value(o.amount);
      const collateralReturn = o.collateral ?? false;
      return {
        txHash: rec.hash,
        index: o.output_index,
        address: o.address,
        lovelace: v.lovelace,
        assets: v.assets,
        dataHash: o.data_hash ?? null,
        inlineDatum: o.inline_datum ?? null,
        referenceScriptHash: o.reference_script_hash ?? null,
        collateralReturn,
        created: valid !== collateralReturn,
        consumedBy: null,
        inModel: true,
      };
    });
    byHash.set(rec.hash, tx);
    pending.push({ tx, rec });
    for (const stake of stakesOf(model, tx))
      if (rec.delegation_count > 0) delegationTxs.set(stake, (delegationTxs.get(stake) ?? 0) + 1);
  }

  for (const { tx, rec } of pending) {
    deriveAccountEvents(model, tx, rec, accountOf, delegationTxs);
    tx.ordinal = model.nextOrdinal();
    tx.block.txs.push(tx);
    model.applyTx(tx);
  }

  const wallets: SimWallet[] = [];
  accounts.forEach((a, i) => {
    const acc = model.ensureAccount(a.stake_address);
    acc.recorded = {
      rewardsSum: BigInt(a.rewards_sum),
      withdrawableAmount: BigInt(a.withdrawable_amount),
      reservesSum: BigInt(a.reserves_sum ?? '0'),
      treasurySum: BigInt(a.treasury_sum ?? '0'),
      poolId: a.pool_id,
      activeEpoch: a.active_epoch,
      active: a.active,
      drepId: a.drep_id ?? null,
    };
    wallets.push({
      id: `r${String(i + 1).padStart(4, '0')}`,
      owner: 'recording',
      kind: 'stake',
      address: a.stake_address,
      addresses: [...acc.addresses],
    });
  });
  return { model, wallets, recording };
}

function stakesOf(model: ChainModel, tx: SimTx): Set<string> {
  const stakes = new Set<string>();
  for (const i of tx.inputs) {
    const s = model.info(i.address).stakeAddress;
    if (s) stakes.add(s);
  }
  return stakes;
}

/**
 * Certificates and withdrawals are not in `/txs/{h}/utxos`; recover them when the counts leave no doubt:
 * one stake account funds the transaction, one withdrawal (its amount is what no input supplied), one
 * (de)registration (the deposit's sign), one delegation (to the account's recorded pool, when it is the
 * account's only delegation).
 */
function deriveAccountEvents(
  model: ChainModel,
  tx: SimTx,
  rec: RecTx,
  accounts: Map<string, RecAccount>,
  delegationTxs: Map<string, number>,
): void {
  if (!tx.validContract) return;
  const stakes = stakesOf(model, tx);
  if (stakes.size !== 1) return;
  const stake = [...stakes][0]!;
  const certs: SimCert[] = [];
  const withdrawals: SimWithdrawal[] = [];
  if (rec.withdrawal_count === 1) {
    let amount = tx.fee + tx.deposit;
    for (const o of tx.outputs) if (!o.collateralReturn) amount += o.lovelace;
    for (const i of tx.inputs) amount -= i.lovelace;
    if (amount > 0n) withdrawals.push({ stakeAddress: stake, amount });
  }
  if (rec.stake_cert_count === 1 && tx.deposit !== 0n) {
    certs.push({ kind: tx.deposit > 0n ? 'registration' : 'deregistration', stakeAddress: stake });
  }
  const pool = accounts.get(stake)?.pool_id;
  if (rec.delegation_count === 1 && pool && delegationTxs.get(stake) === 1)
    certs.push({ kind: 'delegation', stakeAddress: stake, poolId: pool });
  tx.certs = certs;
  tx.withdrawals = withdrawals;
}
