// The API bench's route classes: the portfolio with values, a filtered transactions page, and a year of
// daily history (all tokens, and one token as a chart draws it). bench/api.bench.ts measures them one
// at a time; bench:scale sends them mixed (each request a class at random) while workers write.
import type { LoadRequest } from './load.js';

export interface BenchUser {
  token: string;
  /** The user's wallet ids (at least one). */
  wallets: string[];
}

export interface RouteClass {
  /** Short name (the scale table's row). */
  label: string;
  /** What it asks for (the API bench's row). */
  name: string;
  /** p95 target in ms. */
  target: number;
  next: () => LoadRequest;
}

export function routeClasses(pick: () => BenchUser, year: { from: string; to: string }): RouteClass[] {
  const history = `/api/portfolio/history?interval=day&from=${year.from}&to=${year.to}`;
  const classes: Array<Omit<RouteClass, 'next'> & { request: () => Omit<LoadRequest, 'label'> }> = [
    {
      label: 'portfolio',
      name: 'portfolio with values (GET /api/portfolio, USD)',
      target: 25,
      request: () => ({ path: '/api/portfolio', token: pick().token }),
    },
    {
      label: 'transactions page',
      name: 'filtered transactions page (2 wallets, action=receive, 50 rows)',
      target: 50,
      request: () => {
        const u = pick();
        // The API bench's users have 10 wallets; a generated chain's owner may have only one.
        const ids = [u.wallets[1] ?? u.wallets[0], u.wallets[4] ?? u.wallets.at(-1)];
        return {
          path: `/api/transactions?walletIds=${ids.join(',')}&action=receive&limit=50`,
          token: u.token,
        };
      },
    },
    {
      label: 'history, all tokens',
      name: 'one year of daily holdings and value history, all tokens',
      target: 50,
      request: () => ({ path: history, token: pick().token }),
    },
    {
      label: 'history, one token',
      name: 'one year of daily holdings history, one token (a chart)',
      target: 50,
      request: () => ({ path: `${history}&units=lovelace`, token: pick().token }),
    },
  ];
  return classes.map(({ request, ...c }) => ({ ...c, next: () => ({ ...request(), label: c.label }) }));
}

/** Each request a route class at random: the mix bench:scale sends. */
export function mixOf(classes: RouteClass[]): () => LoadRequest {
  return () => classes[Math.floor(Math.random() * classes.length)]!.next();
}
