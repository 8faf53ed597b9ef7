import {
  asBytesHex,
  asNatural,
  constrFields,
  decodeDatumHex,
  PoolDatumError,
  unitOf,
} from './plutus-data.js';
import type { PoolFormula } from './pool-formula.js';
import { amountOf, inlineDatumOf, positiveReserves } from './pool-utxo.js';

/** The ADA a WingRiders V2 pool UTxO keeps as its minimum (not liquidity). */
export const WINGRIDERS_V2_MIN_ADA = 3_000_000n;

/**
 * WingRiders V2: each reserve is the amount minus its treasury and project-treasury fields, and the ADA
 * side also minus the pool's 3 ADA minimum. Datum: `Constr 0 [request_script_hash, a_policy, a_name,
 * b_policy, b_name, swap_fee, protocol_fee, project_fee, reserve_fee, fee_basis, agent_fee,
 * last_interaction, treasury_a, treasury_b, project_treasury_a, project_treasury_b, …]` (flat, unlike
 * V1; layout as read by IndigoProtocol/dexter and public WingRiders V2 readers).
 */
export const wingridersV2: PoolFormula = {
  kind: 'wingriders-v2',
  needsDatum: true,
  reserves(utxo, tokenUnit) {
    const f = constrFields(
      decodeDatumHex(inlineDatumOf(utxo, 'wingriders-v2')),
      0,
      16,
      'wingriders-v2 pool datum',
    );
    const a = unitOf(asBytesHex(f[1]!, 'wingriders-v2 a policy'), asBytesHex(f[2]!, 'wingriders-v2 a name'));
    const b = unitOf(asBytesHex(f[3]!, 'wingriders-v2 b policy'), asBytesHex(f[4]!, 'wingriders-v2 b name'));
    const held = (i: number, j: number, what: string): bigint =>
      asNatural(f[i]!, `wingriders-v2 treasury_${what}`) +
      asNatural(f[j]!, `wingriders-v2 project_treasury_${what}`);
    let ada: bigint;
    let token: bigint;
    if (a === 'lovelace' && b === tokenUnit) [ada, token] = [held(12, 14, 'a'), held(13, 15, 'b')];
    else if (b === 'lovelace' && a === tokenUnit) [ada, token] = [held(13, 15, 'b'), held(12, 14, 'a')];
    else throw new PoolDatumError(`wingriders-v2 pool pairs ${a} with ${b}, not ADA with ${tokenUnit}`);
    return positiveReserves(
      amountOf(utxo, 'lovelace') - ada - WINGRIDERS_V2_MIN_ADA,
      amountOf(utxo, tokenUnit) - token,
      'wingriders-v2',
    );
  },
};
