import { describe, expect, it } from 'vitest';
import {
  DETECTORS,
  ProtocolRegistry,
  RegistryConflictError,
  WalletSet,
  needsDetails,
  parseTransaction,
  type DetectorFailure,
  type ProtocolDetector,
} from '../../../../src/domain/index.js';
import { REGISTRY_DATA } from '../../../../src/domain/protocols/registry-data.js';
import { addr, tx } from '../support/tx-builder.js';

const MINSWAP_V1_ORDER =
  'addr1zxn9efv2f6w82hagxqtn62ju4m293tqvw0uhmdl64ch8uw6j2c79gy9l76sdg0xwhd7r0c0kna0tycz4y5s6mlenh8pq6s3z70';
const OTHER = addr.base('77', '78');

describe('failed script transactions (valid_contract: false)', () => {
  const me = WalletSet.from([addr.stake('33')]);
  const MY_A = addr.base('11', '33');
  const failed = tx({
    inputs: [
      { address: MY_A, lovelace: 80_000_000 },
      { address: MINSWAP_V1_ORDER, lovelace: 50_000_000 },
      { address: MY_A, lovelace: 5_000_000, collateral: true },
      { address: OTHER, lovelace: 9_000_000, reference: true },
    ],
    outputs: [
      { address: OTHER, lovelace: 120_000_000 },
      { address: MY_A, lovelace: 9_700_000 },
      { address: MY_A, lovelace: 4_650_000, collateral: true },
    ],
    fee: 300_000,
    valid: false,
  });

  it('only collateral moves: net = collateral return − collateral, fee = collateral consumed', () => {
    const [rec, ...rest] = parseTransaction(failed, me);
    expect(rest).toEqual([]);
    expect(rec).toMatchObject({
      action: 'collateral_loss',
      netLovelace: -350_000n,
      fee: 350_000n,
      deposit: 0n,
      withdrawal: 0n,
      failed: true,
      flows: new Map([['lovelace', -350_000n]]),
      description: 'Script failed: lost 0.35 ADA of collateral',
    });
  });

  it('a wallet that only had regular inputs/outputs in a failed transaction gets no record', () => {
    const other = WalletSet.from([OTHER]);
    expect(parseTransaction(failed, other)).toEqual([]);
  });

  it('the same transaction when valid: collateral, collateral return and reference inputs are excluded', () => {
    const valid = { ...failed, details: { ...failed.details!, valid_contract: true } };
    const [rec] = parseTransaction(valid, me);
    expect(rec).toMatchObject({ failed: false, netLovelace: -70_300_000n, fee: 300_000n });
    expect(rec!.action).not.toBe('collateral_loss');
  });

  it('needs details whenever there is collateral, even if no wallet of ours is involved', () => {
    expect(needsDetails(failed.utxos, WalletSet.from([addr.stake('55')]))).toBe(true);
  });
});

describe('one user, three wallets in one transaction', () => {
  // Wallet 1: stake account '33'; wallet 2: a payment address (enterprise); wallet 3: stake account '44'.
  const stakeA = addr.stake('33');
  const pay = addr.enterprise('21');
  const stakeB = addr.stake('44');
  const user = WalletSet.from([stakeA, pay, stakeB]);
  const t = tx({
    inputs: [
      { address: addr.base('11', '33'), lovelace: 30_000_000 },
      { address: pay, lovelace: 30_000_000, tokens: { [`${'ab'.repeat(28)}41`]: 7 } },
      { address: addr.base('12', '33'), lovelace: 5_000_000 },
    ],
    outputs: [
      { address: addr.base('41', '44'), lovelace: 40_000_000, tokens: { [`${'ab'.repeat(28)}41`]: 7 } },
      { address: addr.base('11', '33'), lovelace: 24_800_000 },
    ],
    fee: 200_000,
  });
  const records = parseTransaction(t, user);
  const by = new Map(records.map((r) => [r.walletAddress, r]));

  it('makes one record per wallet with its own net and flows', () => {
    expect(records).toHaveLength(3);
    expect(by.get(stakeA)!.netLovelace).toBe(-10_200_000n);
    expect(by.get(pay)!.flows).toEqual(
      new Map([
        ['lovelace', -30_000_000n],
        [`${'ab'.repeat(28)}41`, -7n],
      ]),
    );
    expect(by.get(stakeB)!.flows).toEqual(
      new Map([
        ['lovelace', 40_000_000n],
        [`${'ab'.repeat(28)}41`, 7n],
      ]),
    );
    // Nothing is created or lost inside the user, except the fee.
    expect(records.reduce((s, r) => s + r.netLovelace, 0n)).toBe(-200_000n);
  });

  it('the fee is paid once, by the wallet that supplied the most lovelace (tie → smallest address)', () => {
    // stakeA supplied 35 ADA, pay 30 ADA.
    expect(records.map((r) => [r.walletAddress, r.fee])).toEqual([
      [stakeA, 200_000n],
      [pay, 0n],
      [stakeB, 0n],
    ]);
    const tie = tx({
      inputs: [
        { address: addr.base('11', '33'), lovelace: 30_000_000 },
        { address: pay, lovelace: 30_000_000 },
      ],
      outputs: [{ address: OTHER, lovelace: 59_800_000 }],
      fee: 200_000,
    });
    const fees = parseTransaction(tie, user).map((r) => [r.walletAddress, r.fee]);
    const smallest = [stakeA, pay].sort()[0];
    expect(fees.filter(([, f]) => f === 200_000n)).toEqual([[smallest, 200_000n]]);
  });

  it('is an internal transfer for every wallet involved', () => {
    expect(records.map((r) => r.action)).toEqual([
      'internal_transfer',
      'internal_transfer',
      'internal_transfer',
    ]);
    expect(by.get(stakeB)!.description).toMatch(/^Received 40 ADA and 7 .* from another of your wallets$/);
  });
});

describe('detectors and registry', () => {
  const me = WalletSet.from([addr.stake('33')]);
  const order = tx({
    inputs: [{ address: addr.base('11', '33'), lovelace: 20_000_000 }],
    outputs: [
      { address: MINSWAP_V1_ORDER, lovelace: 14_000_000 },
      { address: addr.base('11', '33'), lovelace: 5_800_000 },
    ],
    fee: 200_000,
  });

  it('a detector that throws is skipped and reported; the record falls back to the generic rules', () => {
    const broken: ProtocolDetector = {
      ...DETECTORS[0]!,
      detect() {
        throw new Error('boom');
      },
    };
    const detectors = [broken, ...DETECTORS.slice(1)];
    const failures: DetectorFailure[] = [];
    const [rec] = parseTransaction(order, me, {
      detectors,
      registry: new ProtocolRegistry(REGISTRY_DATA, detectors),
      onDetectorError: (f) => failures.push(f),
    });
    expect(failures.map((f) => [f.detectorId, (f.error as Error).message])).toEqual([['minswap', 'boom']]);
    // The known-scripts fallback still names the protocol, without the order semantics.
    expect(rec).toMatchObject({ action: 'contract_interaction', protocol: 'minswap' });
    expect(rec!.link).toBeUndefined();
  });

  it('refuses duplicate detector ids and overlapping claims', () => {
    expect(() => new ProtocolRegistry(REGISTRY_DATA, [DETECTORS[0]!, DETECTORS[0]!])).toThrow(
      RegistryConflictError,
    );
    const overlap: ProtocolDetector = {
      ...DETECTORS[1]!,
      id: 'copy',
      scripts: DETECTORS[0]!.scripts.slice(0, 1),
    };
    expect(() => new ProtocolRegistry([], [DETECTORS[0]!, overlap])).toThrow(
      /claimed by detectors minswap and copy/,
    );
    const wrongOwner: ProtocolDetector = {
      ...DETECTORS[1]!,
      id: 'thief',
      scripts: [{ hash: 'e1317b152faac13426e6a83e06ff88a4d62cce3c1634ab0a5ec13309', role: 'pool' }],
    };
    expect(() => new ProtocolRegistry(REGISTRY_DATA, [wrongOwner])).toThrow(/registry data says minswap/);
  });

  it('the default registry builds and knows the detector protocols and crfa dApps', () => {
    const registry = new ProtocolRegistry(REGISTRY_DATA, DETECTORS);
    expect(registry.script('a65ca58a4e9c755fa830173d2a5caed458ac0c73f97db7faae2e7e3b')).toMatchObject({
      protocol: 'minswap',
      role: 'order',
    });
    expect(registry.protocol('liqwidfinance')?.subCategory).toBe('LENDING_BORROWING');
    expect(registry.protocols.size).toBeGreaterThan(90);
  });

  it('is deterministic: same input, same records', () => {
    expect(parseTransaction(order, me)).toEqual(parseTransaction(order, me));
  });
});
