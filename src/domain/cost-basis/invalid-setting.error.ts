/** A cost-basis setting outside its accepted values; the message lists them. */
export class InvalidCostBasisSettingError extends Error {
  constructor(
    readonly setting: string,
    readonly received: unknown,
    readonly accepted: readonly string[],
  ) {
    super(`invalid ${setting} ${JSON.stringify(received)}: accepted values are ${accepted.join(', ')}`);
    this.name = 'InvalidCostBasisSettingError';
  }
}
