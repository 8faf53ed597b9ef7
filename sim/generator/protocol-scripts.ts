import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addressInfo } from '../util/cardano-address.js';

/**
 * The real script addresses the generator sends orders and listings to, read from the Cardano-Fans
 * dApp registry (`../shared/data/crfa-dapps/dApps/*.json`) so the hashes are public fact, not invented.
 * Minswap V2's order validator is missing from that registry; its hash is Minswap's published
 * `orderScriptHash` (minswap-dex-v2 deployed/mainnet, also in IndigoProtocol/dexter `minswap-v2.ts`).
 */

export interface DexScripts {
  protocol: 'minswap' | 'sundaeswap' | 'wingriders';
  version: string;
  orderAddress: string;
  orderScriptHash: string;
  poolAddress: string;
  poolScriptHash: string;
  /** CIP-20 message of an order transaction, or null when the DEX writes none we could verify. */
  orderMessage: string[] | null;
  /** CIP-20 message of the batcher transaction. */
  batchMessage: string[] | null;
  /** Orders carry an inline datum (Plutus V2 DEXes) rather than a datum hash. */
  inlineDatum: boolean;
}

export interface MarketplaceScripts {
  protocol: 'jpgstore';
  listingAddress: string;
  listingScriptHash: string;
}

export interface ProtocolScripts {
  dexes: DexScripts[];
  jpgstore: MarketplaceScripts;
  /** A script the registry knows but the generator only uses for the failed-script transaction. */
  failedScriptTarget: { address: string; scriptHash: string; protocol: string };
}

interface RegistryVersion {
  version: number;
  scriptHash?: string;
  contractAddress?: string;
}
interface RegistryScript {
  name?: string;
  versions?: RegistryVersion[];
}
interface RegistryFile {
  scripts?: RegistryScript[];
}

export function defaultRegistryDir(): string {
  // sim/generator → repo root → ../shared
  return fileURLToPath(new URL('../../../shared/data/crfa-dapps/dApps/', import.meta.url));
}

function lookup(
  dir: string,
  file: string,
  scriptName: string,
  version: number,
): { address: string; hash: string } {
  const registry = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as RegistryFile;
  const script = registry.scripts?.find((s) => s.name === scriptName);
  const entry = script?.versions?.find((v) => v.version === version);
  if (!entry?.contractAddress || !entry.scriptHash) {
    throw new Error(`dApp registry ${file}: no contract address for "${scriptName}" v${version}`);
  }
  const info = addressInfo(entry.contractAddress);
  const hash = entry.scriptHash.slice(0, 56);
  if (!info.script || info.paymentHash !== hash) {
    throw new Error(
      `dApp registry ${file}: "${scriptName}" v${version} address does not carry script ${hash}`,
    );
  }
  return { address: entry.contractAddress, hash };
}

const MINSWAP_V2_ORDER_HASH = 'c3e28c36c3447315ba5a56f33da6a6ddc1770a876a8d9f0cb3a97c4c';
/** Minswap V2 order validator without a stake part (`addr1w8p79…`), as published by Minswap. */
const MINSWAP_V2_ORDER_ADDRESS = 'addr1w8p79rpkcdz8x9d6tft0x0dx5mwuzac2sa4gm8cvkw5hcnqst2ctf';
/** Minswap V2 pool creation address (pool script ea07b733…), from minswap-dex-v2's README. */
const MINSWAP_V2_POOL_ADDRESS =
  'addr1z84q0denmyep98ph3tmzwsmw0j7zau9ljmsqx6a4rvaau66j2c79gy9l76sdg0xwhd7r0c0kna0tycz4y5s6mlenh8pq777e2a';

export function loadProtocolScripts(dir = defaultRegistryDir()): ProtocolScripts {
  const msV1Order = lookup(dir, 'Minswap.json', 'Batch Order', 3);
  const msV1Pool = lookup(dir, 'Minswap.json', 'Liquidity Pool', 2);
  const sundaeOrder = lookup(dir, 'SundaeSwap.json', 'Order Book', 1);
  const sundaePool = lookup(dir, 'SundaeSwap.json', 'Liquidity Pool', 1);
  const wrRequest = lookup(dir, 'Wingriders.json', 'Request', 1);
  const wrPool = lookup(dir, 'Wingriders.json', 'Pool payment credential', 1);
  const jpgAsk = lookup(dir, 'jpgStore.json', 'AskV1', 1);
  const msV2Info = addressInfo(MINSWAP_V2_ORDER_ADDRESS);
  if (msV2Info.paymentHash !== MINSWAP_V2_ORDER_HASH)
    throw new Error('Minswap V2 order address/hash mismatch');
  const msV2PoolInfo = addressInfo(MINSWAP_V2_POOL_ADDRESS);
  return {
    dexes: [
      {
        protocol: 'minswap',
        version: 'v1',
        orderAddress: msV1Order.address,
        orderScriptHash: msV1Order.hash,
        poolAddress: msV1Pool.address,
        poolScriptHash: msV1Pool.hash,
        orderMessage: ['Minswap: Swap Exact In Order'],
        batchMessage: ['Minswap: Order Executed'],
        inlineDatum: false,
      },
      {
        protocol: 'minswap',
        version: 'v2',
        orderAddress: MINSWAP_V2_ORDER_ADDRESS,
        orderScriptHash: MINSWAP_V2_ORDER_HASH,
        poolAddress: MINSWAP_V2_POOL_ADDRESS,
        poolScriptHash: msV2PoolInfo.paymentHash!,
        orderMessage: ['Minswap: Market Order'],
        batchMessage: ['Minswap: Order Executed'],
        inlineDatum: true,
      },
      {
        protocol: 'sundaeswap',
        version: 'v1',
        orderAddress: sundaeOrder.address,
        orderScriptHash: sundaeOrder.hash,
        poolAddress: sundaePool.address,
        poolScriptHash: sundaePool.hash,
        orderMessage: ['SSP: Swap Request'],
        batchMessage: null,
        inlineDatum: false,
      },
      {
        protocol: 'wingriders',
        version: 'v1',
        orderAddress: wrRequest.address,
        orderScriptHash: wrRequest.hash,
        poolAddress: wrPool.address,
        poolScriptHash: wrPool.hash,
        orderMessage: null,
        batchMessage: null,
        inlineDatum: false,
      },
    ],
    jpgstore: { protocol: 'jpgstore', listingAddress: jpgAsk.address, listingScriptHash: jpgAsk.hash },
    failedScriptTarget: {
      address: MINSWAP_V2_ORDER_ADDRESS,
      scriptHash: MINSWAP_V2_ORDER_HASH,
      protocol: 'minswap',
    },
  };
}
