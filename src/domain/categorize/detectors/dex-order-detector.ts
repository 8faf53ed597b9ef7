import { LOVELACE } from '../../amounts.js';
import type { IoView } from '../../ledger/tx-view.js';
import { formatFlows } from '../../describe/format-amount.js';
import type { TxAction } from '../../vocabulary.js';
import type { DetectionContext, Detection, ProtocolDetector } from '../detector.js';
import type { ProtocolInfo, ScriptClaim } from '../../protocols/protocol-info.js';

export interface DexFamilyOptions {
  id: string;
  protocol: ProtocolInfo;
  /** Order (request) scripts and any other scripts the detector wants tagged. */
  scripts: readonly ScriptClaim[];
  policies?: readonly string[];
  /** CIP-20 messages that mark a liquidity deposit / withdrawal order (exact match). */
  liquidityAddMessages?: readonly string[];
  liquidityRemoveMessages?: readonly string[];
  /** All messages the protocol is known to write. */
  messages?: readonly string[];
}

function isOrderOf(io: IoView, protocol: string): boolean {
  return io.known?.protocol === protocol && io.known.role === 'order';
}

/** Whether an inline datum names this wallet (its payment or stake credential bytes appear in it). */
function datumNamesWallet(io: IoView, ctx: DetectionContext): boolean {
  if (!io.inlineDatum) return false;
  const w = ctx.wallet.wallet;
  const creds = [w.stakeCredential?.hash, w.paymentCredential?.hash].filter((h): h is string => !!h);
  return creds.some((h) => io.inlineDatum!.includes(h));
}

/** The order this wallet placed among the order inputs of a batcher transaction, if identifiable. */
function pickOrder(orders: IoView[], ctx: DetectionContext): IoView | undefined {
  const byOpen = orders.find((o) => {
    const open = ctx.openOrders.get(`${o.txHash}#${o.outputIndex}`);
    return open !== undefined && open.walletAddress === ctx.wallet.identity;
  });
  if (byOpen) return byOpen;
  // An order another wallet of the same user placed, paying out to this one.
  const byUser = orders.find((o) => ctx.openOrders.has(`${o.txHash}#${o.outputIndex}`));
  if (byUser) return byUser;
  // Order addresses that carry the owner's stake credential (Minswap V2, SundaeSwap V3) belong to it.
  const byOwnership = orders.find((o) => o.owners.some((w) => w.address === ctx.wallet.identity));
  if (byOwnership) return byOwnership;
  const byDatum = orders.find((o) => datumNamesWallet(o, ctx));
  if (byDatum) return byDatum;
  return orders.length === 1 ? orders[0] : undefined;
}

/**
 * The batcher pattern shared by order-book AMMs (Minswap, SundaeSwap, WingRiders): the user pays an
 * order script; a batcher later spends that output and pays the user (fill) or returns it (refund).
 */
export function createDexOrderDetector(options: DexFamilyOptions): ProtocolDetector {
  const protocolId = options.protocol.id;
  const addMessages = new Set(options.liquidityAddMessages ?? []);
  const removeMessages = new Set(options.liquidityRemoveMessages ?? []);
  return {
    id: options.id,
    protocol: options.protocol,
    scripts: options.scripts,
    policies: options.policies,
    messages: options.messages,
    detect(ctx): Detection | null {
      const { tx, wallet } = ctx;
      if (wallet.hasRegularInput) {
        const orderOutput = tx.outputs.find((o) => isOrderOf(o, protocolId));
        if (orderOutput) {
          let action: TxAction = 'swap_order';
          if (tx.messages.some((m) => addMessages.has(m))) action = 'liquidity_add';
          else if (tx.messages.some((m) => removeMessages.has(m))) action = 'liquidity_remove';
          return {
            action,
            protocol: protocolId,
            link: { key: `${tx.hash}#${orderOutput.outputIndex}`, role: 'order' },
            description: `${ORDER_VERB[action]} on ${options.protocol.name}: ${formatFlows(valueOf(orderOutput), 1, ctx.tokens)}`,
          };
        }
      }
      const orderInputs = tx.inputs.filter((i) => isOrderOf(i, protocolId));
      if (orderInputs.length === 0 || wallet.ownOutputs.length === 0) return null;
      const order = pickOrder(orderInputs, ctx);
      if (!order) return null;
      const key = `${order.txHash}#${order.outputIndex}`;
      return {
        action: fillOrRefund(order, ctx),
        protocol: protocolId,
        link: { key, role: roleOf(order, ctx) },
      };
    },
  };
}

/**
 * Refund when the wallet gets back every non-ADA unit the order held and no other token (an ADA-only
 * order: only ADA); otherwise fill. Looks at what the wallet's outputs hold, not at its net change,
 * so an order address carrying the owner's stake credential (the order was still "in" the account)
 * is judged the same way.
 */
function fillOrRefund(order: IoView, ctx: DetectionContext): TxAction {
  const received = new Set<string>();
  for (const o of ctx.wallet.ownOutputs)
    if (o.tokens) for (const [u, q] of o.tokens) if (q > 0n) received.add(u);
  const orderUnits = order.tokens ? [...order.tokens.keys()] : [];
  for (const u of received) if (!order.tokens?.has(u)) return 'swap_fill';
  return orderUnits.every((u) => received.has(u)) ? 'swap_refund' : 'swap_fill';
}

function valueOf(io: IoView): Map<string, bigint> {
  const value = new Map<string, bigint>([[LOVELACE, io.lovelace]]);
  if (io.tokens) for (const [u, q] of io.tokens) value.set(u, q);
  return value;
}

const ORDER_VERB: Partial<Record<TxAction, string>> = {
  swap_order: 'Placed a swap order',
  liquidity_add: 'Placed a liquidity deposit order',
  liquidity_remove: 'Placed a liquidity withdrawal order',
};

function roleOf(order: IoView, ctx: DetectionContext): 'fill' | 'refund' {
  return fillOrRefund(order, ctx) === 'swap_refund' ? 'refund' : 'fill';
}
