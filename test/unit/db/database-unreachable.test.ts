import { describe, expect, it } from 'vitest';
import { BlockfrostError } from '../../../src/chain/errors/blockfrost.error.js';
import { isDatabaseUnreachable } from '../../../src/db/database-unreachable.js';

const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect', errno: -111 });
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnreachable: an outage, not the job’s fault', () => {
  it('a refused, reset or timed-out connection of node-postgres', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'])
      expect(isDatabaseUnreachable(socketError(code)), code).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('PostgreSQL going away or refusing connections (SQLSTATE 08xxx, 57P01-03)', () => {
    for (const code of ['08006', '08001', '57P01', '57P03'])
      expect(isDatabaseUnreachable(withCode('terminating connection', code)), code).toBe(true);
  });

  it('Prisma’s codes and driver-adapter kinds, also when wrapped', () => {
    expect(isDatabaseUnreachable(withCode("Can't reach database server", 'P1001'))).toBe(true);
    const adapter = Object.assign(new Error('DriverAdapterError'), { cause: { kind: 'ConnectionClosed' } });
    const known = Object.assign(withCode('Raw query failed', 'P2010'), {
      meta: { driverAdapterError: adapter },
    });
    expect(isDatabaseUnreachable(known)).toBe(true);
    expect(isDatabaseUnreachable(new Error('sync failed', { cause: socketError('ECONNREFUSED') }))).toBe(
      true,
    );
  });

  it('not a query that is wrong, a constraint violation or a plain error', () => {
    for (const code of ['23505', '42P01', 'P2002', 'P2025'])
      expect(isDatabaseUnreachable(withCode('bad', code)), code).toBe(false);
    expect(isDatabaseUnreachable(new Error('ledger mismatch'))).toBe(false);
    expect(isDatabaseUnreachable('ECONNREFUSED')).toBe(false);
    expect(isDatabaseUnreachable(undefined)).toBe(false);
  });

  it('stops at errors that are someone else’s (Blockfrost’s socket errors are the chain client’s)', () => {
    const bf = new BlockfrostError('unavailable', 'Blockfrost unreachable', {
      cause: socketError('ECONNRESET'),
    });
    expect(isDatabaseUnreachable(bf)).toBe(true);
    expect(isDatabaseUnreachable(bf, (e) => e instanceof BlockfrostError)).toBe(false);
  });
});
