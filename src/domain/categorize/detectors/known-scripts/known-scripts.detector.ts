import type { IoView } from '../../../ledger/tx-view.js';
import type { Detection, ProtocolDetector } from '../../detector.js';

/**
 * The registry fallback, listed last: any input or output at a script the registry knows (crfa data or
 * another detector's claim) → `lending` for lending protocols, else `contract_interaction`. The wallet's
 * own side is looked at first so the protocol named is the one it dealt with.
 */
export const knownScriptsDetector: ProtocolDetector = {
  id: 'known-scripts',
  protocol: { id: 'registry', name: 'Known scripts', category: 'UNKNOWN', subCategory: null },
  scripts: [],
  detect(ctx): Detection | null {
    const { tx } = ctx;
    const find = (list: IoView[]) => list.find((io) => io.known !== undefined)?.known;
    const known = find(tx.inputs) ?? find(tx.outputs);
    if (!known) return null;
    const info = ctx.registry.protocol(known.protocol);
    return {
      action: info?.subCategory === 'LENDING_BORROWING' ? 'lending' : 'contract_interaction',
      protocol: known.protocol,
    };
  },
};
