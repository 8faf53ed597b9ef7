/** A decoded CBOR value. Integers are bigint (coins exceed 2^53); maps keep their key order. */
export type CborValue =
  | bigint
  | number
  | boolean
  | null
  | undefined
  | string
  | Uint8Array
  | CborValue[]
  | Map<CborValue, CborValue>
  | CborTagged;

export class CborTagged {
  constructor(
    readonly tag: bigint,
    readonly value: CborValue,
  ) {}
}

const BREAK = Symbol('break');

/** Small, strict CBOR (RFC 8949) decoder: enough for Cardano transaction bodies. Throws on malformed input. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  let pos = 0;
  const byte = (): number => {
    if (pos >= bytes.length) throw new Error('CBOR: unexpected end of input');
    return bytes[pos++]!;
  };
  const argument = (info: number): bigint => {
    if (info < 24) return BigInt(info);
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0) throw new Error(`CBOR: bad additional info ${info}`);
    let v = 0n;
    for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(byte());
    return v;
  };
  const take = (n: number): Uint8Array => {
    if (pos + n > bytes.length) throw new Error('CBOR: truncated');
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const item = (): CborValue | typeof BREAK => {
    const initial = byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (info === 31) {
      if (major === 7) return BREAK;
      if (major === 2 || major === 3) {
        const chunks: Uint8Array[] = [];
        for (;;) {
          const c = item();
          if (c === BREAK) break;
          if (!(c instanceof Uint8Array) && typeof c !== 'string') throw new Error('CBOR: bad chunk');
          chunks.push(typeof c === 'string' ? new TextEncoder().encode(c) : c);
        }
        const joined = Buffer.concat(chunks);
        return major === 2 ? new Uint8Array(joined) : joined.toString('utf8');
      }
      if (major === 4) {
        const arr: CborValue[] = [];
        for (;;) {
          const v = item();
          if (v === BREAK) return arr;
          arr.push(v);
        }
      }
      if (major === 5) {
        const map = new Map<CborValue, CborValue>();
        for (;;) {
          const k = item();
          if (k === BREAK) return map;
          const v = item();
          if (v === BREAK) throw new Error('CBOR: odd map');
          map.set(k, v);
        }
      }
      throw new Error('CBOR: bad indefinite item');
    }
    const arg = argument(info);
    switch (major) {
      case 0:
        return arg;
      case 1:
        return -1n - arg;
      case 2:
        return take(Number(arg));
      case 3:
        return Buffer.from(take(Number(arg))).toString('utf8');
      case 4: {
        const arr: CborValue[] = [];
        for (let i = 0n; i < arg; i++) arr.push(value());
        return arr;
      }
      case 5: {
        const map = new Map<CborValue, CborValue>();
        for (let i = 0n; i < arg; i++) {
          const k = value();
          map.set(k, value());
        }
        return map;
      }
      case 6:
        return new CborTagged(arg, value());
      default:
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        if (info === 23) return undefined;
        return Number(arg); // floats and other simple values: not used by the ledger
    }
  };
  const value = (): CborValue => {
    const v = item();
    if (v === BREAK) throw new Error('CBOR: unexpected break');
    return v;
  };
  const result = value();
  if (pos !== bytes.length) throw new Error('CBOR: trailing bytes');
  return result;
}
