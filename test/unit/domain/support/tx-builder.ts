import * as CSL from '@emurgo/cardano-serialization-lib-nodejs';
import type {
  ChainTransaction,
  TxDetails,
  TxMetadata,
  UtxoInput,
  UtxoOutput,
} from '../../../../src/domain/index.js';

/** Mainnet addresses built with cardano-serialization-lib. */
export const addr = {
  base(payKeyByte: string, stakeKeyByte: string): string {
    return CSL.BaseAddress.new(
      1,
      CSL.Credential.from_keyhash(CSL.Ed25519KeyHash.from_hex(payKeyByte.repeat(28))),
      CSL.Credential.from_keyhash(CSL.Ed25519KeyHash.from_hex(stakeKeyByte.repeat(28))),
    )
      .to_address()
      .to_bech32();
  },
  enterprise(payKeyByte: string): string {
    return CSL.EnterpriseAddress.new(
      1,
      CSL.Credential.from_keyhash(CSL.Ed25519KeyHash.from_hex(payKeyByte.repeat(28))),
    )
      .to_address()
      .to_bech32();
  },
  stake(stakeKeyByte: string): string {
    return CSL.RewardAddress.new(
      1,
      CSL.Credential.from_keyhash(CSL.Ed25519KeyHash.from_hex(stakeKeyByte.repeat(28))),
    )
      .to_address()
      .to_bech32();
  },
  /** An address paying a script (enterprise, or with a stake part as DEXes use). */
  script(scriptHash: string, stakeKeyByte?: string): string {
    const pay = CSL.Credential.from_scripthash(CSL.ScriptHash.from_hex(scriptHash));
    if (!stakeKeyByte) return CSL.EnterpriseAddress.new(1, pay).to_address().to_bech32();
    return CSL.BaseAddress.new(
      1,
      pay,
      CSL.Credential.from_keyhash(CSL.Ed25519KeyHash.from_hex(stakeKeyByte.repeat(28))),
    )
      .to_address()
      .to_bech32();
  },
};

export interface IoSpec {
  address: string;
  lovelace: bigint | number;
  tokens?: Record<string, bigint | number>;
  collateral?: boolean;
  reference?: boolean;
  inlineDatum?: string;
  /** For inputs: the output spent. */
  from?: string;
}

function amount(io: IoSpec) {
  return [
    { unit: 'lovelace', quantity: String(io.lovelace) },
    ...Object.entries(io.tokens ?? {}).map(([unit, q]) => ({ unit, quantity: String(q) })),
  ];
}

let counter = 0;

export function tx(spec: {
  hash?: string;
  height?: number;
  index?: number;
  inputs: IoSpec[];
  outputs: IoSpec[];
  fee?: bigint | number;
  deposit?: bigint | number;
  valid?: boolean;
  withdrawals?: number;
  stakeCerts?: number;
  delegations?: number;
  details?: false;
  metadata?: TxMetadata;
  accountEvents?: ChainTransaction['accountEvents'];
}): ChainTransaction {
  counter++;
  const hash = spec.hash ?? counter.toString(16).padStart(64, 'a');
  const inputs: UtxoInput[] = spec.inputs.map((i, n) => {
    const [fromHash, fromIndex] = (i.from ?? `${'f'.repeat(63)}${n % 10}#${n}`).split('#');
    return {
      address: i.address,
      amount: amount(i),
      tx_hash: fromHash!,
      output_index: Number(fromIndex),
      collateral: i.collateral ?? false,
      reference: i.reference ?? false,
      data_hash: null,
      inline_datum: i.inlineDatum ?? null,
    };
  });
  const outputs: UtxoOutput[] = spec.outputs.map((o, n) => ({
    address: o.address,
    amount: amount(o),
    output_index: n,
    collateral: o.collateral ?? false,
    data_hash: null,
    inline_datum: o.inlineDatum ?? null,
  }));
  const details: TxDetails | undefined =
    spec.details === false
      ? undefined
      : {
          fees: String(spec.fee ?? 170_000),
          deposit: String(spec.deposit ?? 0),
          valid_contract: spec.valid ?? true,
          withdrawal_count: spec.withdrawals ?? 0,
          stake_cert_count: spec.stakeCerts ?? 0,
          delegation_count: spec.delegations ?? 0,
        };
  const t: ChainTransaction = {
    hash,
    blockHeight: spec.height ?? 10_000_000 + counter,
    blockTime: 1_700_000_000 + counter * 20,
    txIndex: spec.index ?? 0,
    utxos: { hash, inputs, outputs },
  };
  if (details) t.details = details;
  if (spec.metadata) t.metadata = spec.metadata;
  if (spec.accountEvents) t.accountEvents = spec.accountEvents;
  return t;
}

export const msg674 = (text: string): TxMetadata => [{ label: '674', json_metadata: { msg: [text] } }];
