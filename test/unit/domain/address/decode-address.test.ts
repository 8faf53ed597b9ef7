import * as CSL from '@emurgo/cardano-serialization-lib-nodejs';
import { bech32 } from 'bech32';
import { describe, expect, it } from 'vitest';
import {
  InvalidAddressError,
  WalletSet,
  belongsToWallet,
  decodeAddress,
  parseWalletAddress,
  rewardAddressOf,
} from '../../../../src/domain/index.js';

// Addresses are built with cardano-serialization-lib (the reference implementation), then decoded
// with our CIP-19 decoder: every kind, both networks, key and script credentials.
const KEY = '11'.repeat(28);
const SCRIPT = '22'.repeat(28);
const STAKE_KEY = '33'.repeat(28);
const keyCred = (h: string) => CSL.Credential.from_keyhash(CSL.Ed25519KeyHash.from_hex(h));
const scriptCred = (h: string) => CSL.Credential.from_scripthash(CSL.ScriptHash.from_hex(h));

function cases(networkId: 0 | 1) {
  const pointer = CSL.Pointer.new_pointer(
    CSL.BigNum.from_str('2498243'),
    CSL.BigNum.from_str('27'),
    CSL.BigNum.from_str('3'),
  );
  return [
    {
      label: 'base key/key',
      address: CSL.BaseAddress.new(networkId, keyCred(KEY), keyCred(STAKE_KEY)).to_address().to_bech32(),
      kind: 'base',
      pay: { type: 'key', hash: KEY },
      stake: { type: 'key', hash: STAKE_KEY },
    },
    {
      label: 'base script/key',
      address: CSL.BaseAddress.new(networkId, scriptCred(SCRIPT), keyCred(STAKE_KEY))
        .to_address()
        .to_bech32(),
      kind: 'base',
      pay: { type: 'script', hash: SCRIPT },
      stake: { type: 'key', hash: STAKE_KEY },
    },
    {
      label: 'base key/script',
      address: CSL.BaseAddress.new(networkId, keyCred(KEY), scriptCred(SCRIPT)).to_address().to_bech32(),
      kind: 'base',
      pay: { type: 'key', hash: KEY },
      stake: { type: 'script', hash: SCRIPT },
    },
    {
      label: 'base script/script',
      address: CSL.BaseAddress.new(networkId, scriptCred(SCRIPT), scriptCred(SCRIPT))
        .to_address()
        .to_bech32(),
      kind: 'base',
      pay: { type: 'script', hash: SCRIPT },
      stake: { type: 'script', hash: SCRIPT },
    },
    {
      label: 'pointer key',
      address: CSL.PointerAddress.new(networkId, keyCred(KEY), pointer).to_address().to_bech32(),
      kind: 'pointer',
      pay: { type: 'key', hash: KEY },
    },
    {
      label: 'pointer script',
      address: CSL.PointerAddress.new(networkId, scriptCred(SCRIPT), pointer).to_address().to_bech32(),
      kind: 'pointer',
      pay: { type: 'script', hash: SCRIPT },
    },
    {
      label: 'enterprise key',
      address: CSL.EnterpriseAddress.new(networkId, keyCred(KEY)).to_address().to_bech32(),
      kind: 'enterprise',
      pay: { type: 'key', hash: KEY },
    },
    {
      label: 'enterprise script',
      address: CSL.EnterpriseAddress.new(networkId, scriptCred(SCRIPT)).to_address().to_bech32(),
      kind: 'enterprise',
      pay: { type: 'script', hash: SCRIPT },
    },
    {
      label: 'reward key',
      address: CSL.RewardAddress.new(networkId, keyCred(STAKE_KEY)).to_address().to_bech32(),
      kind: 'reward',
      stake: { type: 'key', hash: STAKE_KEY },
    },
    {
      label: 'reward script',
      address: CSL.RewardAddress.new(networkId, scriptCred(SCRIPT)).to_address().to_bech32(),
      kind: 'reward',
      stake: { type: 'script', hash: SCRIPT },
    },
  ] as const;
}

function byron(protocolMagic: number): string {
  const root = CSL.Bip32PrivateKey.from_bip39_entropy(Buffer.alloc(16, 9), Buffer.alloc(0)).to_public();
  return CSL.ByronAddress.icarus_from_key(root, protocolMagic).to_base58();
}

describe('decodeAddress (CIP-19 + Byron)', () => {
  for (const [network, id] of [
    ['mainnet', 1],
    ['testnet', 0],
  ] as const) {
    for (const c of cases(id)) {
      it(`${network} ${c.label}`, () => {
        const d = decodeAddress(c.address);
        expect(d.kind).toBe(c.kind);
        expect(d.network).toBe(network);
        expect(d.paymentCredential).toEqual('pay' in c ? c.pay : undefined);
        expect(d.stakeCredential).toEqual('stake' in c ? c.stake : undefined);
        expect(c.address.startsWith(c.kind === 'reward' ? 'stake' : 'addr')).toBe(true);
      });
    }
  }

  it('decodes Byron addresses of mainnet and testnet (protocol magic attribute)', () => {
    const main = byron(764824073);
    const test = byron(1097911063);
    expect(decodeAddress(main)).toEqual({ address: main, kind: 'byron', network: 'mainnet' });
    expect(decodeAddress(test)).toEqual({ address: test, kind: 'byron', network: 'testnet' });
  });

  it('decodes the real addresses of the 2021 recording', () => {
    const d = decodeAddress(
      'addr1q8u5ktsj5zsmhvwv0ep9zuhfu39x3wyt9wxjnsn3cagsyy59ckxhkvuc5xj49rw6zrp443wlygmhv8gwcu38jk6ms6usrmcafl',
    );
    const stake = decodeAddress('stake1uxzutrtmxwv2rf2j3hdpps66ch0jydmkr58vwgnetddcdwg32u4rc');
    expect(d.stakeCredential).toEqual(stake.stakeCredential);
    expect(rewardAddressOf(stake.stakeCredential!)).toBe(
      'stake1uxzutrtmxwv2rf2j3hdpps66ch0jydmkr58vwgnetddcdwg32u4rc',
    );
  });
});

describe('parseWalletAddress errors', () => {
  const reasonOf = (input: string, network?: 'mainnet' | 'testnet') => {
    try {
      parseWalletAddress(input, network);
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidAddressError);
      return { reason: (e as InvalidAddressError).reason, message: (e as Error).message };
    }
    return null;
  };

  it('bad checksum (one character changed)', () => {
    const good = 'stake1uxzutrtmxwv2rf2j3hdpps66ch0jydmkr58vwgnetddcdwg32u4rc';
    const bad = good.slice(0, -1) + (good.endsWith('c') ? 'd' : 'c');
    expect(reasonOf(bad)).toMatchObject({ reason: 'bad_checksum' });
    expect(reasonOf(bad)!.message).toMatch(/checksum/);
  });

  it('bad Byron checksum', () => {
    const main = byron(764824073);
    // Re-encode the CBOR with a wrong CRC: flip the last byte of the decoded bytes.
    const raw = decodeBase58(main);
    raw[raw.length - 1]! ^= 1;
    expect(reasonOf(encodeBase58(raw))).toMatchObject({ reason: 'bad_checksum' });
  });

  it('wrong network', () => {
    const testnet = CSL.EnterpriseAddress.new(0, keyCred(KEY)).to_address().to_bech32();
    expect(reasonOf(testnet)).toMatchObject({ reason: 'wrong_network' });
    expect(reasonOf(testnet)!.message).toMatch(/testnet/);
    expect(reasonOf(byron(1097911063))).toMatchObject({ reason: 'wrong_network' });
    expect(reasonOf('stake1uxzutrtmxwv2rf2j3hdpps66ch0jydmkr58vwgnetddcdwg32u4rc', 'testnet')).toMatchObject({
      reason: 'wrong_network',
    });
    expect(parseWalletAddress(testnet, 'testnet').kind).toBe('payment');
  });

  it('garbage, empty, mixed case, wrong prefix', () => {
    for (const g of ['', 'hello', 'addr1', '0x1234', 'Ae2tdPwUPEZ', 'addr1QXYZ']) {
      expect(reasonOf(g)!.reason, g).toBe('garbage');
    }
    // A valid bech32 string with a prefix that is not an address.
    const words = bech32.toWords(Buffer.from('e1' + '33'.repeat(28), 'hex'));
    expect(reasonOf(bech32.encode('addr', words))!.reason).toBe('garbage');
  });

  it('unsupported header type', () => {
    const words = bech32.toWords(Buffer.from('91' + '33'.repeat(28), 'hex'));
    expect(reasonOf(bech32.encode('addr', words))!.reason).toBe('unsupported');
  });

  it('accepts surrounding whitespace and upper-case bech32', () => {
    const s = 'stake1uxzutrtmxwv2rf2j3hdpps66ch0jydmkr58vwgnetddcdwg32u4rc';
    expect(parseWalletAddress(`  ${s.toUpperCase()} `)).toMatchObject({ kind: 'stake', address: s });
  });
});

describe('ownership', () => {
  const stake = parseWalletAddress(CSL.RewardAddress.new(1, keyCred(STAKE_KEY)).to_address().to_bech32());
  const base = CSL.BaseAddress.new(1, keyCred(KEY), keyCred(STAKE_KEY)).to_address().to_bech32();
  const otherBase = CSL.BaseAddress.new(1, keyCred('44'.repeat(28)), keyCred(STAKE_KEY))
    .to_address()
    .to_bech32();
  const enterprise = CSL.EnterpriseAddress.new(1, keyCred(KEY)).to_address().to_bech32();
  const foreign = CSL.BaseAddress.new(1, keyCred(KEY), keyCred('55'.repeat(28)))
    .to_address()
    .to_bech32();

  it('a stake wallet owns every base address with its stake credential', () => {
    expect(belongsToWallet(base, stake)).toBe(true);
    expect(belongsToWallet(otherBase, stake)).toBe(true);
    expect(belongsToWallet(enterprise, stake)).toBe(false);
    expect(belongsToWallet(foreign, stake)).toBe(false);
    expect(belongsToWallet('garbage', stake)).toBe(false);
  });

  it('a payment wallet owns exactly its address', () => {
    const pay = parseWalletAddress(base);
    expect(pay).toMatchObject({
      kind: 'payment',
      stakeCredential: { hash: STAKE_KEY },
      paymentCredential: { hash: KEY },
    });
    expect(belongsToWallet(base, pay)).toBe(true);
    expect(belongsToWallet(otherBase, pay)).toBe(false);
  });

  it('WalletSet resolves owners once per address', () => {
    const set = new WalletSet([stake, parseWalletAddress(enterprise)]);
    expect(set.ownersOf(base).map((w) => w.address)).toEqual([stake.address]);
    expect(set.ownersOf(enterprise).map((w) => w.address)).toEqual([enterprise]);
    expect(set.ownersOf(foreign)).toEqual([]);
    expect(set.ownersOf(base)).toBe(set.ownersOf(base));
  });
});

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function decodeBase58(s: string): Uint8Array {
  let v = 0n;
  for (const c of s) v = v * 58n + BigInt(ALPHABET.indexOf(c));
  const out: number[] = [];
  while (v > 0n) {
    out.unshift(Number(v & 255n));
    v >>= 8n;
  }
  return Uint8Array.from(out);
}
function encodeBase58(bytes: Uint8Array): string {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  let s = '';
  while (v > 0n) {
    s = ALPHABET[Number(v % 58n)] + s;
    v /= 58n;
  }
  return s;
}
