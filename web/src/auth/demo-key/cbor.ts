/**
 * The few CBOR (RFC 8949) shapes COSE needs: booleans, integers, byte and text strings, arrays and maps with
 * integer or text keys. Definite lengths only, canonical head encoding.
 */
export type CborValue = boolean | number | string | Uint8Array | CborValue[] | CborMap;
export class CborMap {
  constructor(readonly entries: Array<[number | string, CborValue]>) {}
}

function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  if (n < 0x100000000) return [(major << 5) | 26, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  throw new RangeError('CBOR length too large for this encoder');
}

export function encodeCbor(value: CborValue): Uint8Array<ArrayBuffer> {
  const out: number[] = [];
  const write = (v: CborValue): void => {
    if (typeof v === 'boolean') {
      out.push(v ? 0xf5 : 0xf4);
    } else if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw new TypeError('only integers are supported');
      out.push(...(v >= 0 ? head(0, v) : head(1, -1 - v)));
    } else if (typeof v === 'string') {
      const bytes = new TextEncoder().encode(v);
      out.push(...head(3, bytes.length), ...bytes);
    } else if (v instanceof Uint8Array) {
      out.push(...head(2, v.length), ...v);
    } else if (Array.isArray(v)) {
      out.push(...head(4, v.length));
      v.forEach(write);
    } else {
      out.push(...head(5, v.entries.length));
      for (const [k, item] of v.entries) {
        write(k);
        write(item);
      }
    }
  };
  write(value);
  return Uint8Array.from(out);
}
