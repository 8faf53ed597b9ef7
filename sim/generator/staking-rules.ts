import type { RewardEntry, SimPoolMetadata } from '../model/types.js';

/**
 * The simulator's staking facts beyond member rewards, chosen so every reward type and every shape of
 * pool metadata occurs on a generated chain without drawing from the generator's random stream (the
 * same seed keeps giving the same transactions as before these rules existed).
 */

export const SHELLEY_SLOT = 4_492_800;
export const SHELLEY_TIME = 1_596_059_091;
export const EPOCH_SLOTS = 432_000;
/** Mainnet's first Shelley epoch. */
const SHELLEY_EPOCH = 208;

export function epochStartSlot(epoch: number): number {
  return SHELLEY_SLOT + (epoch - SHELLEY_EPOCH) * EPOCH_SLOTS;
}

export function epochStartTime(epoch: number): number {
  return SHELLEY_TIME + (epoch - SHELLEY_EPOCH) * EPOCH_SLOTS;
}

/** Pool `index` of the generator's 40: most have metadata; every tenth at 3, 6, 9 has none or an error. */
export function poolMetadataFor(index: number): SimPoolMetadata {
  switch (index % 10) {
    case 3:
      return { kind: 'none' };
    case 6:
      return { kind: 'error', code: 'DECODE_ERROR', message: 'Metadata is not valid JSON' };
    case 9:
      return { kind: 'error', code: 'CONNECTION_ERROR', message: 'Could not connect to the metadata URL' };
    default: {
      const ticker = `SIM${String(index).padStart(2, '0')}`;
      return {
        kind: 'ok',
        ticker,
        name: `Simulated pool ${index}`,
        homepage: `https://${ticker.toLowerCase()}.example`,
      };
    }
  }
}

/** A pool operator's leader reward for an epoch (deterministic, ~340 ADA like a small pool's). */
export function leaderReward(epoch: number): bigint {
  return 340_000_000n + BigInt((epoch * 7_919) % 1_000_000);
}

/** A retired pool's deposit, paid back to its reward account at the boundary after retirement. */
export const POOL_DEPOSIT = 500_000_000n;

/** The epoch (counted from the chain's first) whose boundary pays the refund. */
export const REFUND_AFTER_EPOCHS = 6;

/** Blockfrost lists an account's rewards by epoch, then type. */
export function compareRewards(a: RewardEntry, b: RewardEntry): number {
  return a.epoch - b.epoch || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
}
