/** Keys this backend keeps next to BullMQ's own (same prefix and queue name, under `adafolio:`). */
export class BullmqKeys {
  readonly base: string;
  constructor(prefix: string, queueName: string) {
    this.base = `${prefix}:${queueName}:adafolio:`;
  }
  /** ZSET job id → created ms, per wallet (listByWallet). */
  wallet(address: string): string {
    return `${this.base}wallet:${address}`;
  }
  /** HASH job id → JSON snapshot of a cancelled job (removed from BullMQ, or failed by cancellation). */
  get cancelled(): string {
    return `${this.base}cancelled`;
  }
  /** ZSET job id → cancellation ms (cleanup, counts). */
  get cancelledAt(): string {
    return `${this.base}cancelled-at`;
  }
  /** SET of cancelled job ids that sit in BullMQ's failed set (cancelled while running). */
  get cancelledFailed(): string {
    return `${this.base}cancelled-failed`;
  }
}
