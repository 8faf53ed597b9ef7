import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** A consumer's identity in lease columns and logs: host, pid and a random suffix. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
