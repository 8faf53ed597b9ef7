import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REGISTRY_DATA } from '../../../../src/domain/protocols/registry-data.js';

const DIR = fileURLToPath(new URL('../../../../../shared/data/crfa-dapps/dApps/', import.meta.url));

interface CrfaFile {
  projectName: string;
  category?: string;
  scripts?: { purpose?: string; versions?: { scriptHash?: string; mintPolicyID?: string }[] }[];
}

describe('committed protocol registry data', () => {
  // Rebuild the claims from the crfa registry and check the committed table says the same.
  const owners = new Map<string, Set<string>>();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'generic.json')) {
    const d = JSON.parse(readFileSync(`${DIR}${file}`, 'utf8')) as CrfaFile;
    const id = d.projectName.toLowerCase().replace(/[^a-z0-9]/g, '');
    for (const s of d.scripts ?? []) {
      if (s.purpose === 'MINT') continue;
      for (const v of s.versions ?? []) {
        const h = (v.scriptHash ?? '').slice(0, 56).toLowerCase();
        if (/^[0-9a-f]{56}$/.test(h)) owners.set(h, (owners.get(h) ?? new Set()).add(id));
      }
    }
  }
  const committed = new Map<string, string>();
  for (const p of REGISTRY_DATA) for (const s of p.scripts) committed.set(s.hash, p.id);

  it('holds every script hash crfa attributes to exactly one dApp, under that dApp', () => {
    let unique = 0;
    for (const [hash, ids] of owners) {
      if (ids.size !== 1) continue;
      unique++;
      expect(committed.get(hash), hash).toBe([...ids][0]);
    }
    expect(unique).toBe(committed.size);
    expect(unique).toBeGreaterThan(900);
  });

  it('leaves out hashes crfa gives to two dApps (copy errors) instead of guessing', () => {
    const shared = [...owners].filter(([, ids]) => ids.size > 1).map(([h]) => h);
    expect(shared.length).toBeGreaterThan(0);
    for (const h of shared) expect(committed.has(h)).toBe(false);
  });

  it('has unique lowercase ids', () => {
    const ids = REGISTRY_DATA.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+$/);
  });
});
