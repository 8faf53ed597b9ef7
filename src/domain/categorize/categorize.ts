import { LOVELACE, assetNameOf, policyOf } from '../amounts.js';
import type { TxAction } from '../vocabulary.js';
import type { DetectionContext, ProtocolDetector } from './detector.js';
import type { LinkRole } from '../ledger/types.js';

export interface Categorisation {
  action: TxAction;
  protocol: string | null;
  link?: { key: string; role: LinkRole };
  description?: string;
}

export interface DetectorFailure {
  detectorId: string;
  txHash: string;
  walletAddress: string;
  error: unknown;
}

const CIP68_NFT_PREFIX = '000de140';

/**
 * Chooses the record's `txAction` and `txProtocol` by the numbered rules of docs/ledger-rules.md
 * (first match wins). A detector that throws is skipped and reported through `onDetectorError`.
 */
export function categorize(
  ctx: DetectionContext,
  detectors: readonly ProtocolDetector[],
  onDetectorError?: (failure: DetectorFailure) => void,
): Categorisation {
  const { tx, wallet } = ctx;
  // 1. Failed script: only collateral moved.
  if (!tx.valid) {
    if (wallet.suppliedCollateral) return { action: 'collateral_loss', protocol: null };
    return transferFallback(ctx);
  }
  // 2. Protocol detectors.
  for (const detector of detectors) {
    try {
      const found = detector.detect(ctx);
      if (found) return { ...found };
    } catch (error) {
      onDetectorError?.({ detectorId: detector.id, txHash: tx.hash, walletAddress: wallet.identity, error });
    }
  }
  // 3. Mint / burn.
  let gainedMinted: string[] | null = null;
  let lostBurned = false;
  if (hasTokenFlows(wallet.flows)) {
    const minted = tx.minted();
    for (const [unit, q] of wallet.flows) {
      if (unit === LOVELACE) continue;
      const m = minted.get(unit);
      if (m === undefined) continue;
      if (q > 0n && m > 0n) (gainedMinted ??= []).push(unit);
      else if (q < 0n && m < 0n) lostBurned = true;
    }
    if (gainedMinted) {
      const nft = gainedMinted.every(
        (u) =>
          minted.get(u) === 1n &&
          (!tx.hasMetadata ||
            tx.nftMetadataPolicies.has(policyOf(u)) ||
            assetNameOf(u).startsWith(CIP68_NFT_PREFIX)),
      );
      return {
        action: nft ? 'nft_mint' : 'token_mint',
        protocol: ctx.registry.policies.get(policyOf(gainedMinted[0]!)) ?? null,
      };
    }
    if (lostBurned) {
      const burned = [...wallet.flows.keys()].find((u) => u !== LOVELACE && (minted.get(u) ?? 0n) < 0n)!;
      return { action: 'token_burn', protocol: ctx.registry.policies.get(policyOf(burned)) ?? null };
    }
  }
  // 4. Account events.
  const ev = wallet.events;
  if (ev.registration) return { action: 'stake_registration', protocol: null };
  if (ev.deregistration) return { action: 'stake_deregistration', protocol: null };
  if (ev.delegation) return { action: 'delegation', protocol: null };
  if (ev.withdrawal !== null) return { action: 'reward_withdrawal', protocol: null };
  // 5. Transfers between own addresses / wallets.
  if (tx.inputs.length > 0) {
    const id = wallet.identity;
    let allThisWallet = true;
    let allUser = true;
    const involved = new Set<string>();
    for (const io of [...tx.inputs, ...tx.outputs]) {
      if (io.owners.length === 0) {
        allUser = false;
        allThisWallet = false;
        break;
      }
      let mine = false;
      for (const o of io.owners) {
        involved.add(o.address);
        if (o.address === id) mine = true;
      }
      if (!mine) allThisWallet = false;
    }
    if (allThisWallet) return { action: 'self_transfer', protocol: null };
    if (allUser && involved.size >= 2) return { action: 'internal_transfer', protocol: null };
  }
  // 6. A script the registry does not know.
  if (tx.inputs.some((i) => i.scriptHash !== null) || tx.outputs.some((o) => o.scriptHash !== null)) {
    return { action: 'contract_interaction', protocol: null };
  }
  // 7. Plain movement.
  return transferFallback(ctx);
}

function hasTokenFlows(flows: Map<string, bigint>): boolean {
  for (const unit of flows.keys()) if (unit !== LOVELACE) return true;
  return false;
}

function transferFallback(ctx: DetectionContext): Categorisation {
  const { wallet } = ctx;
  let gainsToken = false;
  let losesToken = false;
  for (const [unit, q] of wallet.flows) {
    if (unit === LOVELACE) continue;
    if (q > 0n) gainsToken = true;
    else losesToken = true;
  }
  if (wallet.netLovelace > 0n || (gainsToken && !losesToken)) return { action: 'receive', protocol: null };
  if (wallet.netLovelace < 0n || losesToken) return { action: 'send', protocol: null };
  return { action: 'unknown', protocol: null };
}
