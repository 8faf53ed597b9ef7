import { LOVELACE, addAmount, type UnitAmounts } from '../amounts.js';
import type { BfAmount, UtxoInput, UtxoOutput } from '../blockfrost-types.js';
import { decodeAddressCached } from '../address/decode-address.js';
import type { WalletAddress } from '../address/wallet-address.js';
import type { KnownScript } from '../protocols/protocol-info.js';
import type { ProtocolRegistry } from '../protocols/protocol-registry.js';
import type { ChainTransaction } from './types.js';
import type { WalletSet } from './wallet-set.js';

/** One input or output with what the parse derived from it (amounts as bigint, owners, script). */
export interface IoView {
  address: string;
  /** Output index in its transaction (for an input: the index of the output it spends). */
  outputIndex: number;
  /** For an input: the transaction that created it. */
  txHash: string | null;
  readonly lovelace: bigint;
  /** Non-lovelace units, or null when the UTxO holds ADA only. */
  readonly tokens: UnitAmounts | null;
  owners: readonly WalletAddress[];
  /** Script hash of a script payment credential, else null. */
  scriptHash: string | null;
  known: KnownScript | undefined;
  inlineDatum: string | null;
}

/**
 * Amounts are parsed to bigint on first use only: most inputs/outputs of a large batcher transaction
 * belong to strangers and their value is never looked at.
 */
class Io implements IoView {
  private parsedLovelace: bigint | undefined;
  private parsedTokens: UnitAmounts | null = null;

  constructor(
    private readonly amount: readonly BfAmount[],
    readonly address: string,
    readonly outputIndex: number,
    readonly txHash: string | null,
    readonly owners: readonly WalletAddress[],
    readonly scriptHash: string | null,
    readonly known: KnownScript | undefined,
    readonly inlineDatum: string | null,
  ) {}

  private parse(): bigint {
    let lovelace = 0n;
    for (const a of this.amount) {
      const q = BigInt(a.quantity);
      if (a.unit === LOVELACE) lovelace += q;
      else addAmount((this.parsedTokens ??= new Map()), a.unit, q);
    }
    this.parsedLovelace = lovelace;
    return lovelace;
  }

  get lovelace(): bigint {
    return this.parsedLovelace ?? this.parse();
  }

  get tokens(): UnitAmounts | null {
    if (this.parsedLovelace === undefined) this.parse();
    return this.parsedTokens;
  }
}

/** A transaction, decoded once and shared by every wallet's record and every detector. */
export interface TxView {
  hash: string;
  valid: boolean;
  inputs: IoView[];
  outputs: IoView[];
  collateralInputs: IoView[];
  collateralReturns: IoView[];
  /** CIP-20 (label 674) messages. */
  messages: string[];
  /** Whether `/txs/{h}/metadata` was fetched. */
  hasMetadata: boolean;
  /** Policy ids named in CIP-25 (label 721) metadata. */
  nftMetadataPolicies: Set<string>;
  /** Per non-lovelace unit, Σ outputs − Σ inputs over the whole transaction (minted > 0, burned < 0). */
  minted(): UnitAmounts;
}

function toIo(
  io: UtxoInput | UtxoOutput,
  txHash: string | null,
  wallets: WalletSet,
  registry: ProtocolRegistry,
): IoView {
  const decoded = decodeAddressCached(io.address);
  const pay = decoded?.paymentCredential;
  const scriptHash = pay?.type === 'script' ? pay.hash : null;
  return new Io(
    io.amount as readonly BfAmount[],
    io.address,
    io.output_index,
    txHash,
    wallets.ownersOf(io.address),
    scriptHash,
    scriptHash ? registry.script(scriptHash) : undefined,
    io.inline_datum ?? null,
  );
}

function metadataMessages(tx: ChainTransaction): { messages: string[]; nft: Set<string> } {
  const messages: string[] = [];
  const nft = new Set<string>();
  for (const entry of tx.metadata ?? []) {
    const json = entry.json_metadata;
    if (typeof json !== 'object' || json === null) continue;
    if (entry.label === '674') {
      const msg = (json as { msg?: unknown }).msg;
      if (typeof msg === 'string') messages.push(msg);
      else if (Array.isArray(msg))
        messages.push(msg.filter((m): m is string => typeof m === 'string').join(''));
    } else if (entry.label === '721') {
      for (const key of Object.keys(json)) if (/^[0-9a-f]{56}$/i.test(key)) nft.add(key.toLowerCase());
    }
  }
  return { messages, nft };
}

export function buildTxView(tx: ChainTransaction, wallets: WalletSet, registry: ProtocolRegistry): TxView {
  const inputs: IoView[] = [];
  const collateralInputs: IoView[] = [];
  for (const input of tx.utxos.inputs) {
    if (input.reference) continue;
    const view = toIo(input, input.tx_hash, wallets, registry);
    (input.collateral ? collateralInputs : inputs).push(view);
  }
  const outputs: IoView[] = [];
  const collateralReturns: IoView[] = [];
  for (const output of tx.utxos.outputs) {
    const view = toIo(output, null, wallets, registry);
    (output.collateral ? collateralReturns : outputs).push(view);
  }
  // Blockfrost answers valid_contract in /txs/{h}; without details a transaction with no collateral
  // input runs no script, and one with collateral is taken as valid (the sync fetches details for it).
  const valid = tx.details?.valid_contract ?? true;
  const { messages, nft } = metadataMessages(tx);
  let minted: UnitAmounts | undefined;
  return {
    hash: tx.hash,
    valid,
    inputs,
    outputs,
    collateralInputs,
    collateralReturns,
    messages,
    hasMetadata: tx.metadata !== undefined,
    nftMetadataPolicies: nft,
    minted() {
      if (minted) return minted;
      minted = new Map();
      if (!valid) return minted;
      for (const o of outputs) if (o.tokens) for (const [u, q] of o.tokens) addAmount(minted, u, q);
      for (const i of inputs) if (i.tokens) for (const [u, q] of i.tokens) addAmount(minted, u, -q);
      return minted;
    },
  };
}
