/** Request counts by Blockfrost path template and by status, for the control API. */
export class RequestStats {
  total = 0;
  byEndpoint: Record<string, number> = {};
  byStatus: Record<string, number> = {};

  record(endpoint: string, status: number | 'reset'): void {
    this.total += 1;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
    const key = String(status);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.byEndpoint = {};
    this.byStatus = {};
  }

  snapshot(): { total: number; byEndpoint: Record<string, number>; byStatus: Record<string, number> } {
    return { total: this.total, byEndpoint: { ...this.byEndpoint }, byStatus: { ...this.byStatus } };
  }
}
