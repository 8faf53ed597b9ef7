import { HttpError } from './errors.js';

/**
 * Blockfrost's paging: `count` 1–100 (default 100), `page` from 1 (default 1), `order` asc|desc
 * (default asc) and, on transaction listings, `from`/`to` as `block[:index]`, both inclusive.
 */
export interface Paging {
  count: number;
  page: number;
  order: 'asc' | 'desc';
  from: { height: number; index: number } | null;
  to: { height: number; index: number } | null;
}

const MAX_PAGE = 21_474_836;

function intParam(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new HttpError(400, `querystring/${name} must be integer`);
  const n = Number(raw);
  if (n < min) throw new HttpError(400, `querystring/${name} must be >= ${min}`);
  if (n > max) throw new HttpError(400, `querystring/${name} must be <= ${max}`);
  return n;
}

function blockRef(raw: string | null, name: string, end: boolean): { height: number; index: number } | null {
  if (raw === null) return null;
  const m = /^(\d+)(?::(\d+))?$/.exec(raw);
  if (!m) throw new HttpError(400, `Invalid value of querystring/${name}: expected block[:index]`);
  return {
    height: Number(m[1]),
    index: m[2] === undefined ? (end ? Number.MAX_SAFE_INTEGER : 0) : Number(m[2]),
  };
}

export function parsePaging(query: URLSearchParams, withRange: boolean): Paging {
  const count = intParam(query, 'count', 1, 100, 100);
  const page = intParam(query, 'page', 1, MAX_PAGE, 1);
  const order = query.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc')
    throw new HttpError(400, 'querystring/order must be equal to one of the allowed values');
  const from = withRange ? blockRef(query.get('from'), 'from', false) : null;
  const to = withRange ? blockRef(query.get('to'), 'to', true) : null;
  if (from && to && (from.height > to.height || (from.height === to.height && from.index > to.index))) {
    throw new HttpError(400, 'Invalid range: querystring/from must be lower than or equal to querystring/to');
  }
  return { count, page, order, from, to };
}

/** One page of a list (ascending in storage) as Blockfrost would serve it. */
export function pageOf<T>(items: readonly T[], paging: Paging, lo = 0, hi = items.length): T[] {
  const out: T[] = [];
  const skip = (paging.page - 1) * paging.count;
  if (paging.order === 'asc') {
    for (let i = lo + skip; i < hi && out.length < paging.count; i++) out.push(items[i]!);
  } else {
    for (let i = hi - 1 - skip; i >= lo && out.length < paging.count; i--) out.push(items[i]!);
  }
  return out;
}

/**
 * Bounds [lo, hi) of the ordinals inside `from`/`to`; `key(ordinal)` gives (height, index). Ordinals are
 * in chain order, so both ends are binary searches.
 */
export function rangeOf(
  ordinals: readonly number[],
  paging: Paging,
  key: (ordinal: number) => { height: number; index: number },
): [number, number] {
  const before = (ord: number, ref: { height: number; index: number }): boolean => {
    const k = key(ord);
    return k.height < ref.height || (k.height === ref.height && k.index < ref.index);
  };
  const after = (ord: number, ref: { height: number; index: number }): boolean => {
    const k = key(ord);
    return k.height > ref.height || (k.height === ref.height && k.index > ref.index);
  };
  let lo = 0;
  let hi = ordinals.length;
  if (paging.from) {
    let a = 0;
    let b = ordinals.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (before(ordinals[m]!, paging.from)) a = m + 1;
      else b = m;
    }
    lo = a;
  }
  if (paging.to) {
    let a = lo;
    let b = ordinals.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (after(ordinals[m]!, paging.to)) b = m;
      else a = m + 1;
    }
    hi = a;
  }
  return [lo, Math.max(lo, hi)];
}
