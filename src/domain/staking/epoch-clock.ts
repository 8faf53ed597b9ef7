import type { EpochRef } from './staking-types.js';

/**
 * Shelley-era epochs all have the same length, so any epoch's start follows from one known epoch
 * (the latest one read) without a request per epoch. Rewards exist only from the Shelley era on.
 */
export function epochStartTime(known: EpochRef, epoch: number): number {
  const length = known.endTime - known.startTime;
  return known.startTime - (known.epoch - epoch) * length;
}

/** The epoch containing unix time `seconds` (Shelley era). */
export function epochAtTime(known: EpochRef, seconds: number): number {
  const length = known.endTime - known.startTime;
  return known.epoch + Math.floor((seconds - known.startTime) / length);
}

/** Epochs per (365-day) year: 73 on mainnet's 5-day epochs. */
export function epochsPerYear(known: EpochRef): number {
  return (365 * 86_400) / (known.endTime - known.startTime);
}
