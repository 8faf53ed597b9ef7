import pg from 'pg';
import type { Logger } from 'pino';
import type { WakeSource } from '../sql/sql-job-consumer.js';

/** The channel the queue migration's triggers NOTIFY whenever a job becomes pending. */
export const QUEUE_CHANNEL = 'adafolio_queue';

/**
 * LISTEN adafolio_queue on a dedicated pg connection (Prisma cannot LISTEN). Reconnects after a lost
 * connection and wakes the consumer once reconnected, in case it missed a notification meanwhile.
 */
export class PgListenWakeSource implements WakeSource {
  private client?: pg.Client;
  private stopped = false;
  private onWake: () => void = () => undefined;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly logger: Logger,
  ) {}

  async start(onWake: () => void): Promise<void> {
    this.onWake = onWake;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.connection);
    client.on('notification', () => this.onWake());
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'queue LISTEN connection lost; reconnecting');
      void client.end().catch(() => undefined);
      if (this.client === client) this.client = undefined;
      this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${QUEUE_CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.connect().then(
        () => this.onWake(),
        () => this.scheduleReconnect(),
      );
    }, 1_000);
  }
}
