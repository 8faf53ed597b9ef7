import { LOVELACE } from '../../../amounts.js';
import type { Detection, ProtocolDetector } from '../../detector.js';

const PROTOCOL = 'jpgstore';

/** jpg.store ask/buy-sell and offer contracts (crfa registry). */
export const jpgstoreDetector: ProtocolDetector = {
  id: 'jpgstore',
  protocol: { id: PROTOCOL, name: 'jpg.store', category: 'MARKETPLACE', subCategory: 'NFT' },
  scripts: [
    { hash: 'c727443d77df6cff95dca383994f4c3024d03ff56b02ecc22b0f3f65', role: 'marketplace', name: 'Ask V1' },
    {
      hash: '25da22dfd99bf874e59d74c304a1d28e921310327c3e4d6960123f2e',
      role: 'marketplace',
      name: 'BuySell V1',
    },
    {
      hash: 'beb881c47075b2910ae7e13fb268908f70878d06638ff86a5caaa16c',
      role: 'marketplace',
      name: 'BuySell V2',
    },
    {
      hash: '4a59ebd93ea53d1bbf7f82232c7b012700a0cf4bb78d879dabb1a20a',
      role: 'marketplace',
      name: 'BuySell V3',
    },
    { hash: 'a55f409501bf65805bb0dc76f6f9ae90b61e19ed870bc00256813608', role: 'marketplace', name: 'Offers' },
    {
      hash: '9068a7a3f008803edac87af1619860f2cdcde40c26987325ace138ad',
      role: 'marketplace',
      name: 'Offers V2',
    },
  ],
  detect(ctx): Detection | null {
    const { tx, wallet } = ctx;
    const isMarket = (p: string | undefined) => p === PROTOCOL;
    const spendsListing = tx.inputs.some((i) => isMarket(i.known?.protocol));
    // Listing: a token from the wallet's inputs goes to the marketplace script. Judged on the inputs,
    // not the net change: jpg.store addresses may carry the seller's stake credential, so the listed
    // token can stay "in" a stake wallet.
    if (wallet.hasRegularInput && !spendsListing) {
      const offered = new Set<string>();
      for (const i of wallet.regularInputs) if (i.tokens) for (const u of i.tokens.keys()) offered.add(u);
      const listed = tx.outputs.some(
        (o) => isMarket(o.known?.protocol) && [...(o.tokens?.keys() ?? [])].some((u) => offered.has(u)),
      );
      if (listed) return { action: 'nft_listing', protocol: PROTOCOL };
    }
    if (!spendsListing) return null;
    let gainsToken = false;
    for (const [unit, q] of wallet.flows) if (unit !== LOVELACE && q > 0n) gainsToken = true;
    if (gainsToken && wallet.netLovelace < 0n) return { action: 'nft_purchase', protocol: PROTOCOL };
    if (!gainsToken && wallet.netLovelace > 0n) return { action: 'nft_sale', protocol: PROTOCOL };
    return null;
  },
};
