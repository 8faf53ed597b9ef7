import type { EventPublisher } from '../../realtime/event-publisher.js';
import type { SyncRun } from './sync-run.js';

/**
 * Publish: `wallet_updated` to the user's browsers when the run changed what they show. Last, after the
 * records, snapshots, rewards and token names are stored, so a dashboard refreshing on it sees them. A
 * failed publish never fails the sync (the next page load shows the same).
 */
export class PublishStage {
  constructor(private readonly events: EventPublisher | undefined) {}

  async run(run: SyncRun, changed: boolean): Promise<void> {
    if (!changed || !this.events) return;
    await this.events
      .publish(run.userId, 'wallet_updated', { walletId: run.wallet.id, walletAddress: run.wallet.address })
      .catch(() => undefined);
  }
}
