import { CborTagged, type CborValue } from './cbor-decoder.js';

/**
 * Small CBOR (RFC 8949) encoder, the decoder's counterpart for what Plutus data needs: unsigned and
 * negative integers (bigint or safe number), byte strings, text, definite arrays and maps, tags. Used to
 * build pool datums in the simulator and in tests, byte for byte as a Cardano wallet would.
 */
export function encodeCbor(value: CborValue): Uint8Array {
  const out: number[] = [];
  const head = (major: number, arg: bigint): void => {
    if (arg < 24n) out.push((major << 5) | Number(arg));
    else {
      const size = arg < 0x100n ? 1 : arg < 0x10000n ? 2 : arg < 0x100000000n ? 4 : 8;
      out.push((major << 5) | (size === 1 ? 24 : size === 2 ? 25 : size === 4 ? 26 : 27));
      for (let i = size - 1; i >= 0; i--) out.push(Number((arg >> BigInt(8 * i)) & 0xffn));
    }
  };
  const item = (v: CborValue): void => {
    if (typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v))) {
      const n = BigInt(v);
      if (n >= 0n) {
        if (n >= 1n << 64n) throw new Error('CBOR encoder: integer beyond 64 bits');
        head(0, n);
      } else {
        if (-1n - n >= 1n << 64n) throw new Error('CBOR encoder: integer beyond 64 bits');
        head(1, -1n - n);
      }
    } else if (v instanceof Uint8Array) {
      head(2, BigInt(v.length));
      for (const b of v) out.push(b);
    } else if (typeof v === 'string') {
      const bytes = new TextEncoder().encode(v);
      head(3, BigInt(bytes.length));
      for (const b of bytes) out.push(b);
    } else if (Array.isArray(v)) {
      head(4, BigInt(v.length));
      for (const x of v) item(x);
    } else if (v instanceof Map) {
      head(5, BigInt(v.size));
      for (const [k, x] of v) {
        item(k);
        item(x);
      }
    } else if (v instanceof CborTagged) {
      head(6, v.tag);
      item(v.value);
    } else if (v === false) out.push(0xf4);
    else if (v === true) out.push(0xf5);
    else if (v === null) out.push(0xf6);
    else if (v === undefined) out.push(0xf7);
    else throw new Error(`CBOR encoder: unsupported value ${String(v)}`);
  };
  item(value);
  return Uint8Array.from(out);
}

/** Hex of `encodeCbor(value)`: how Blockfrost shows an `inline_datum`. */
export function encodeCborHex(value: CborValue): string {
  return Buffer.from(encodeCbor(value)).toString('hex');
}
