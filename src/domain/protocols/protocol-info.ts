/** A dApp the registry knows. `id` is lowercase (`minswap`, `jpgstore`, `liqwidfinance`). */
export interface ProtocolInfo {
  id: string;
  name: string;
  /** crfa category: DEFI, MARKETPLACE, COLLECTION, … */
  category: string;
  /** crfa sub-category: AMM_DEX, LENDING_BORROWING, NFT, … */
  subCategory: string | null;
}

/** What a script does for its protocol; detectors look for the roles they understand. */
export type ScriptRole = 'order' | 'pool' | 'marketplace' | 'other';

export interface ScriptClaim {
  /** 28-byte script hash, hex (56 chars). */
  hash: string;
  role: ScriptRole;
  name?: string;
}

export interface KnownScript extends ScriptClaim {
  protocol: string;
}

/** One dApp's public facts, as committed in `registry-data.ts`. */
export interface ProtocolFacts extends ProtocolInfo {
  scripts: readonly ScriptClaim[];
  policies: readonly string[];
}
