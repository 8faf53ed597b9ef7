/**
 * Resuming an ascending Blockfrost listing after `stored` items: the page holding item `stored` (0-based),
 * and how many of that page's items are already stored (they are compared, to notice a listing that
 * changed under us, e.g. rewards of a rolled-back epoch boundary).
 */
export function resumePoint(stored: number, pageSize: number): { page: number; overlap: number } {
  return { page: Math.floor(stored / pageSize) + 1, overlap: stored % pageSize };
}

/**
 * The new items of a resumed listing when its overlap still matches what is stored, else null (read the
 * whole listing again). `items` are the listing from the resume page on.
 */
export function newItemsAfterOverlap<T>(
  items: readonly T[],
  overlap: number,
  storedKeys: ReadonlySet<string>,
  keyOf: (item: T) => string,
): T[] | null {
  if (items.length < overlap) return null;
  for (let i = 0; i < overlap; i++) if (!storedKeys.has(keyOf(items[i]!))) return null;
  return items.slice(overlap);
}
