import { base58Decode } from './base58.js';

/** Byron mainnet addresses carry no protocol magic attribute; testnets do (key 2 of the attributes). */
export interface ByronAddressInfo {
  protocolMagic: number | null;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Minimal CBOR reader: just what a Byron address envelope needs (uints, bytes, arrays, maps, tags). */
class CborReader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  private byte(): number {
    const b = this.bytes[this.pos++];
    if (b === undefined) throw new Error('truncated CBOR');
    return b;
  }

  head(): { major: number; value: number } {
    const initial = this.byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (info < 24) return { major, value: info };
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : -1;
    if (size < 0) throw new Error('unsupported CBOR length');
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + this.byte();
    return { major, value };
  }

  bytesOf(length: number): Uint8Array {
    if (this.pos + length > this.bytes.length) throw new Error('truncated CBOR');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** Skips one data item. */
  skip(): void {
    const { major, value } = this.head();
    if (major === 2 || major === 3) this.bytesOf(value);
    else if (major === 4) for (let i = 0; i < value; i++) this.skip();
    else if (major === 5) for (let i = 0; i < value * 2; i++) this.skip();
    else if (major === 6) this.skip();
  }
}

/**
 * Checks a Byron address: base58 → CBOR `[tag 24 (bytes payload), crc32(payload)]`, payload
 * `[root, attributes, type]`. Returns null when the text is not a Byron address at all, throws
 * 'checksum' when the CRC does not match.
 */
export function decodeByronAddress(text: string): ByronAddressInfo | null {
  const raw = base58Decode(text);
  if (!raw || raw.length < 10) return null;
  try {
    const r = new CborReader(raw);
    const outer = r.head();
    if (outer.major !== 4 || outer.value !== 2) return null;
    const tag = r.head();
    if (tag.major !== 6 || tag.value !== 24) return null;
    const payloadHead = r.head();
    if (payloadHead.major !== 2) return null;
    const payload = r.bytesOf(payloadHead.value);
    const crc = r.head();
    if (crc.major !== 0 || r.pos !== raw.length) return null;
    if (crc32(payload) !== crc.value) throw new ByronChecksumError();

    const p = new CborReader(payload);
    const arr = p.head();
    if (arr.major !== 4 || arr.value !== 3) return null;
    const root = p.head();
    if (root.major !== 2 || root.value !== 28) return null;
    p.bytesOf(28);
    const attrs = p.head();
    if (attrs.major !== 5) return null;
    let protocolMagic: number | null = null;
    for (let i = 0; i < attrs.value; i++) {
      const key = p.head();
      if (key.major === 0 && key.value === 2) {
        const wrapped = p.head();
        if (wrapped.major !== 2) return null;
        const inner = new CborReader(p.bytesOf(wrapped.value)).head();
        protocolMagic = inner.value;
      } else {
        p.skip();
      }
    }
    return { protocolMagic };
  } catch (error) {
    if (error instanceof ByronChecksumError) throw error;
    return null;
  }
}

export class ByronChecksumError extends Error {
  constructor() {
    super('Byron address CRC32 mismatch');
  }
}
