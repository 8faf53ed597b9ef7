import { decodeCbor, CborTagged, type CborValue } from '../../cbor/cbor-decoder.js';

/** A pool UTxO's datum or amounts do not have the layout its DEX version defines. */
export class PoolDatumError extends Error {
  override readonly name = 'PoolDatumError';
}

/** A Plutus `Constr` (constructor index and fields), as `Data` is encoded in CBOR. */
export interface Constr {
  constructor: number;
  fields: CborValue[];
}

/** Decodes an inline datum (CBOR hex as Blockfrost serves it); malformed CBOR is a `PoolDatumError`. */
export function decodeDatumHex(hex: string): CborValue {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) throw new PoolDatumError('datum is not hex CBOR');
  try {
    return decodeCbor(Uint8Array.from(Buffer.from(hex, 'hex')));
  } catch (error) {
    throw new PoolDatumError(`datum CBOR: ${(error as Error).message}`);
  }
}

/**
 * Reads a `Constr`: tags 121–127 are constructors 0–6, 1280–1400 are 7–127, tag 102 is the general
 * form `[index, fields]` (CIP / Plutus `Data` encoding).
 */
export function asConstr(value: CborValue, what: string): Constr {
  if (value instanceof CborTagged && Array.isArray(value.value)) {
    const tag = value.tag;
    if (tag >= 121n && tag <= 127n) return { constructor: Number(tag - 121n), fields: value.value };
    if (tag >= 1280n && tag <= 1400n) return { constructor: Number(tag - 1280n + 7n), fields: value.value };
    if (tag === 102n && value.value.length === 2 && typeof value.value[0] === 'bigint') {
      const fields = value.value[1];
      if (Array.isArray(fields)) return { constructor: Number(value.value[0]), fields };
    }
  }
  throw new PoolDatumError(`${what}: expected a Plutus constructor`);
}

/** The fields of a `Constr` with the given index and at least `min` fields. */
export function constrFields(value: CborValue, index: number, min: number, what: string): CborValue[] {
  const c = asConstr(value, what);
  if (c.constructor !== index)
    throw new PoolDatumError(`${what}: constructor ${c.constructor}, expected ${index}`);
  if (c.fields.length < min) {
    throw new PoolDatumError(`${what}: ${c.fields.length} fields, expected at least ${min}`);
  }
  return c.fields;
}

/** A Plutus integer (also a CBOR bignum, tags 2/3). */
export function asInt(value: CborValue, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (
    value instanceof CborTagged &&
    value.value instanceof Uint8Array &&
    (value.tag === 2n || value.tag === 3n)
  ) {
    let n = 0n;
    for (const b of value.value) n = (n << 8n) | BigInt(b);
    return value.tag === 2n ? n : -1n - n;
  }
  throw new PoolDatumError(`${what}: expected an integer`);
}

/** A non-negative Plutus integer (a reserve or a fee pot). */
export function asNatural(value: CborValue, what: string): bigint {
  const n = asInt(value, what);
  if (n < 0n) throw new PoolDatumError(`${what}: negative`);
  return n;
}

export function asBytesHex(value: CborValue, what: string): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  throw new PoolDatumError(`${what}: expected bytes`);
}

/** A Plutus asset class: `Constr 0 [policy, name]` (Minswap, WingRiders) → unit (`lovelace` for ADA). */
export function assetClassUnit(value: CborValue, what: string): string {
  const [policy, name] = constrFields(value, 0, 2, what);
  return unitOf(asBytesHex(policy!, `${what} policy`), asBytesHex(name!, `${what} name`));
}

/** Policy id and asset name hex → unit; the empty pair is ADA. */
export function unitOf(policyHex: string, nameHex: string): string {
  return policyHex === '' && nameHex === '' ? 'lovelace' : policyHex + nameHex;
}
