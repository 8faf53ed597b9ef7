import type { TransactionCursor } from '../db/repositories/pg-portfolio-read-repository.js';

/** Opaque page cursor: base64url of "<iso time>|<transaction id>". */
export function encodeCursor(cursor: TransactionCursor): string {
  return Buffer.from(`${cursor.txTimestamp.toISOString()}|${cursor.id}`).toString('base64url');
}

/** Returns null when the cursor is not one we issued. */
export function decodeCursor(text: string): TransactionCursor | null {
  const raw = Buffer.from(text, 'base64url').toString('utf8');
  const [iso, id, extra] = raw.split('|');
  if (!iso || !id || extra !== undefined) return null;
  const txTimestamp = new Date(iso);
  if (Number.isNaN(txTimestamp.getTime()) || txTimestamp.toISOString() !== iso) return null;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { txTimestamp, id };
}
