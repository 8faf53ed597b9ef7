import type { KnownScript, ProtocolFacts, ProtocolInfo, ScriptClaim } from './protocol-info.js';

/** A detector's declared claims, checked for overlaps when the registry is built. */
export interface DetectorClaims {
  id: string;
  protocol: ProtocolInfo;
  scripts: readonly ScriptClaim[];
  policies?: readonly string[];
}

/** Thrown at start-up when two detectors claim the same id, script hash or policy. */
export class RegistryConflictError extends Error {
  override readonly name = 'RegistryConflictError';
}

/**
 * Lookup tables from public facts (crfa data) plus each detector's explicit claims. Detector claims
 * win over crfa data for the same protocol (they carry roles such as `order`); a claim on a hash that
 * crfa attributes to another dApp, or two detectors claiming the same thing, is a conflict.
 */
export class ProtocolRegistry {
  readonly protocols = new Map<string, ProtocolInfo>();
  readonly scripts = new Map<string, KnownScript>();
  readonly policies = new Map<string, string>();

  constructor(facts: readonly ProtocolFacts[], detectors: readonly DetectorClaims[]) {
    for (const f of facts) {
      if (this.protocols.has(f.id))
        throw new RegistryConflictError(`Duplicate protocol id in registry data: ${f.id}`);
      this.protocols.set(f.id, { id: f.id, name: f.name, category: f.category, subCategory: f.subCategory });
      for (const s of f.scripts) this.scripts.set(s.hash, { ...s, protocol: f.id });
      for (const p of f.policies) this.policies.set(p, f.id);
    }
    const detectorIds = new Set<string>();
    const claimedBy = new Map<string, string>();
    for (const d of detectors) {
      if (detectorIds.has(d.id)) throw new RegistryConflictError(`Duplicate detector id: ${d.id}`);
      detectorIds.add(d.id);
      // A detector without claims (the registry fallback) is not a protocol of its own.
      if (d.scripts.length > 0 || (d.policies?.length ?? 0) > 0) {
        const existing = this.protocols.get(d.protocol.id);
        this.protocols.set(d.protocol.id, existing ? { ...existing, name: d.protocol.name } : d.protocol);
      }
      for (const s of d.scripts) {
        const hash = s.hash.toLowerCase();
        const other = claimedBy.get(hash);
        if (other)
          throw new RegistryConflictError(`Script ${hash} claimed by detectors ${other} and ${d.id}`);
        claimedBy.set(hash, d.id);
        const known = this.scripts.get(hash);
        if (known && known.protocol !== d.protocol.id) {
          throw new RegistryConflictError(
            `Script ${hash} claimed by ${d.id} but registry data says ${known.protocol}`,
          );
        }
        this.scripts.set(hash, { ...s, hash, name: s.name ?? known?.name, protocol: d.protocol.id });
      }
      for (const p of d.policies ?? []) {
        const key = `policy:${p}`;
        const other = claimedBy.get(key);
        if (other) throw new RegistryConflictError(`Policy ${p} claimed by detectors ${other} and ${d.id}`);
        claimedBy.set(key, d.id);
        const known = this.policies.get(p);
        if (known && known !== d.protocol.id) {
          throw new RegistryConflictError(`Policy ${p} claimed by ${d.id} but registry data says ${known}`);
        }
        this.policies.set(p, d.protocol.id);
      }
    }
  }

  script(hash: string): KnownScript | undefined {
    return this.scripts.get(hash);
  }

  protocol(id: string): ProtocolInfo | undefined {
    return this.protocols.get(id);
  }

  protocolName(id: string | null): string | null {
    return id === null ? null : (this.protocols.get(id)?.name ?? id);
  }
}
