import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { loadConfig } from '../../config/config.js';
import { createAppContext } from '../../composition/create-app-context.js';
import { nextStopSignal } from '../stop-signal.js';

/** Runs the HTTP API (REST, WebSocket, OpenAPI docs, metrics, dashboard) until SIGTERM/SIGINT. */
export const apiCommand: CliCommand = {
  name: 'api',
  summary: 'Run the HTTP API and WebSocket server (and serve the built dashboard from web/dist)',
  usage: 'usage: adafolio api [--port N] [--host ADDRESS]   (defaults: PORT, HOST)',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string' }, host: { type: 'string' } },
    });
    const config = loadConfig();
    const port = values.port !== undefined ? Number(values.port) : config.port;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`--port must be a port number, got "${values.port}"\n`);
      return 2;
    }
    // Before anything starts: a signal after 'api listening' must close the server and connections.
    const stopSignal = nextStopSignal();
    const ctx = await createAppContext(config, {
      queue: true,
      poolSize: config.pools.api,
      ...(config.redisKeyPrefix ? { redisPrefix: config.redisKeyPrefix } : {}),
    });
    const { startApi } = await import('../../api/start-api.js');
    let app;
    try {
      app = await startApi(ctx, { port, host: values.host ?? config.host });
    } catch (error) {
      await ctx.close();
      throw error;
    }
    const address = app.server.address();
    const where =
      typeof address === 'object' && address ? `http://${address.address}:${address.port}` : String(address);
    ctx.logger.info({ url: where, docs: `${where}/docs` }, 'api listening');
    const signal = await stopSignal;
    ctx.logger.info({ signal }, 'stopping api');
    try {
      await app.close();
      await ctx.close();
      return 0;
    } catch {
      return 1;
    }
  },
};
