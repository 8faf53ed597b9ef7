import type { Session, SessionStore } from '../auth/session-store.js';
import { ApiError, toApiError } from './api-error.js';
import type {
  Challenge,
  CostBasisSettingsPatch,
  GainsExportFormat,
  GainsQuery,
  GainsReport,
  HistoryInterval,
  Holding,
  HoldingsHistory,
  Me,
  Reconciliation,
  StakingFilters,
  StakingReport,
  TokenPair,
  TransactionDetail,
  TransactionFilters,
  TransactionPage,
  UserSettings,
  ValuedPortfolio,
  Wallet,
} from './types.js';

/** Every path the dashboard calls, in one place (the API's routes live in src/api). */
export const ROUTES = {
  challenge: '/auth/challenge',
  verify: '/auth/verify',
  refresh: '/auth/refresh',
  me: '/api/me',
  settings: '/api/me/settings',
  wallets: '/api/wallets',
  wallet: (id: string) => `/api/wallets/${encodeURIComponent(id)}`,
  walletSync: (id: string) => `/api/wallets/${encodeURIComponent(id)}/sync`,
  walletReconciliation: (id: string) => `/api/wallets/${encodeURIComponent(id)}/reconciliation`,
  holdings: '/api/portfolio',
  history: '/api/portfolio/history',
  transactions: '/api/transactions',
  transactionsCsv: '/api/transactions/export.csv',
  transaction: (id: string) => `/api/transactions/${encodeURIComponent(id)}`,
  staking: '/api/staking',
  stakingCsv: '/api/staking/rewards.csv',
  gains: '/api/gains',
  gainsExport: '/api/gains/export',
  ws: '/ws',
} as const;

export interface ApiClientOptions {
  /** '' for same origin (the API serves the dashboard). */
  baseUrl?: string;
  /** Refresh the access token this long before it expires. Default 30 s. */
  refreshMarginMs?: number;
}

type Query = Record<string, string | number | undefined | null>;

/**
 * A small typed client over fetch. Adds the bearer token, refreshes it before it expires (and once
 * more after a 401 `token_expired`), and turns error bodies into ApiError. A failed refresh ends the
 * session, which sends the dashboard back to the sign-in screen.
 */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly refreshMarginMs: number;
  private refreshing: Promise<Session | null> | null = null;

  constructor(
    options: ApiClientOptions,
    private readonly deps: { session: SessionStore; fetch?: typeof fetch },
  ) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.refreshMarginMs = options.refreshMarginMs ?? 30_000;
  }

  // ---- auth -------------------------------------------------------------------------------------

  async challenge(address: string): Promise<Challenge> {
    return this.request<Challenge>('POST', ROUTES.challenge, { body: { address }, auth: false });
  }

  async verify(input: {
    address: string;
    nonce: string;
    signature: string;
    key: string;
  }): Promise<TokenPair> {
    return this.request<TokenPair>('POST', ROUTES.verify, { body: input, auth: false });
  }

  async me(): Promise<Me> {
    return this.request<Me>('GET', ROUTES.me);
  }

  /** Ends the session locally (tokens are stateless JWTs; nothing to revoke server-side). */
  signOut(): void {
    this.deps.session.set(null);
  }

  /** A fresh access token (refreshing first if needed), or null when signed out. For the WebSocket. */
  async accessToken(): Promise<string | null> {
    const s = await this.validSession();
    return s?.accessToken ?? null;
  }

  // ---- wallets ----------------------------------------------------------------------------------

  async listWallets(): Promise<Wallet[]> {
    return unwrapList<Wallet>(await this.request<unknown>('GET', ROUTES.wallets), 'wallets');
  }

  /** Adds a wallet; `sync` is the first sync job the API enqueued (null when the queue was down). */
  async addWallet(
    address: string,
    label?: string,
  ): Promise<{ wallet: Wallet; sync: { jobId: string; joined: boolean } | null }> {
    const body: Record<string, string> = { address };
    if (label) body.label = label;
    return this.request('POST', ROUTES.wallets, { body });
  }

  async renameWallet(id: string, label: string | null): Promise<Wallet> {
    return unwrapOne<Wallet>(
      await this.request<unknown>('PATCH', ROUTES.wallet(id), { body: { label } }),
      'wallet',
    );
  }

  async removeWallet(id: string): Promise<void> {
    await this.request<unknown>('DELETE', ROUTES.wallet(id));
  }

  async syncWallet(id: string): Promise<void> {
    await this.request<unknown>('POST', ROUTES.walletSync(id), { body: {} });
  }

  // ---- portfolio --------------------------------------------------------------------------------

  /** The last reconciliation's amounts (the wallet list carries only its status). */
  async reconciliation(walletId: string): Promise<Reconciliation | null> {
    const body = await this.request<{ reconciliation: Reconciliation | null }>(
      'GET',
      ROUTES.walletReconciliation(walletId),
    );
    return body.reconciliation;
  }

  /** Holdings valued in `currency` (default: the user's), now or as of the end of a past day. */
  async portfolio(
    walletId?: string,
    options: { currency?: string; asOf?: string } = {},
  ): Promise<ValuedPortfolio> {
    return this.request<ValuedPortfolio>('GET', ROUTES.holdings, {
      query: { walletIds: walletId, currency: options.currency, asOf: options.asOf },
    });
  }

  async settings(): Promise<UserSettings> {
    return this.request<UserSettings>('GET', ROUTES.settings);
  }

  /** Remembers the currency the dashboard shows values in (null: the deployment's base currency). */
  async updateSettings(
    patch: { preferredCurrency?: string | null; timeZone?: string | null } & CostBasisSettingsPatch,
  ): Promise<UserSettings> {
    return this.request<UserSettings>('PATCH', ROUTES.settings, { body: patch });
  }

  /** Current holdings; `walletId` limits them to one of the user's wallets. */
  async holdings(walletId?: string): Promise<Holding[]> {
    return unwrapList<Holding>(
      await this.request<unknown>('GET', ROUTES.holdings, { query: { walletIds: walletId } }),
      'holdings',
    );
  }

  async history(
    interval: HistoryInterval,
    range: { from?: string; to?: string; walletId?: string; currency?: string } = {},
  ) {
    return this.request<HoldingsHistory>('GET', ROUTES.history, {
      query: {
        interval,
        from: range.from,
        to: range.to,
        walletIds: range.walletId,
        currency: range.currency,
      },
    });
  }

  async transactions(
    filters: TransactionFilters,
    cursor?: string | null,
    limit = 50,
  ): Promise<TransactionPage> {
    return this.request<TransactionPage>('GET', ROUTES.transactions, {
      query: { ...filterQuery(filters), cursor: cursor ?? undefined, limit },
    });
  }

  /** One transaction with its flows and the action (order → fill/refund) it belongs to. */
  async transactionDetail(id: string): Promise<TransactionDetail> {
    return this.request<TransactionDetail>('GET', ROUTES.transaction(id));
  }

  /**
   * The streamed CSV export of the same filter. The API takes the token only as an Authorization
   * header (never in a URL), so the file is fetched here and handed to the browser as a Blob.
   */
  async exportCsv(filters: TransactionFilters): Promise<Blob> {
    const response = await this.send('GET', ROUTES.transactionsCsv, {
      query: filterQuery(filters),
      accept: 'text/csv',
    });
    return response.blob();
  }

  // ---- staking ----------------------------------------------------------------------------------

  /** Rewards valued at receipt, totals per epoch/pool/year, yields and current delegations. */
  async staking(filters: StakingFilters = {}): Promise<StakingReport> {
    return this.request<StakingReport>('GET', ROUTES.staking, { query: stakingQuery(filters) });
  }

  /** The rewards of the same filter as CSV, fetched with the Authorization header like `exportCsv`. */
  async stakingCsv(filters: StakingFilters = {}): Promise<Blob> {
    const response = await this.send('GET', ROUTES.stakingCsv, {
      query: stakingQuery(filters),
      accept: 'text/csv',
    });
    return response.blob();
  }

  // ---- gains ------------------------------------------------------------------------------------

  /** Realized and unrealized gains, income and warnings; `signal` aborts a request made stale. */
  async gains(query: GainsQuery = {}, signal?: AbortSignal): Promise<GainsReport> {
    return this.request<GainsReport>('GET', ROUTES.gains, { query: gainsQuery(query), signal });
  }

  /** A tax or accounting export of the same query, fetched with the Authorization header like `exportCsv`. */
  async gainsExport(
    format: GainsExportFormat,
    query: GainsQuery = {},
  ): Promise<{ blob: Blob; filename: string | null }> {
    const response = await this.send('GET', ROUTES.gainsExport, {
      query: { format, ...gainsQuery(query) },
      accept: 'text/csv',
    });
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
    return { blob: await response.blob(), filename };
  }

  /**
   * Where the live-update WebSocket connects: the absolute ws(s):// URL, and the token offered as the
   * subprotocol `bearer.<jwt>` next to `adafolio.v1` (the API's two accepted ways are this and
   * `?token=`; a subprotocol keeps the token out of URLs and access logs).
   */
  async websocketTarget(): Promise<{ url: string; protocols: string[] } | null> {
    const token = await this.accessToken();
    if (!token) return null;
    const url = new URL(this.url(ROUTES.ws), window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return { url: url.toString(), protocols: ['adafolio.v1', `bearer.${token}`] };
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; query?: Query; auth?: boolean; signal?: AbortSignal } = {},
  ): Promise<T> {
    const response = await this.send(method, path, options);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** One call with auth and one refresh-and-retry on 401; resolves only with a 2xx response. */
  private async send(
    method: string,
    path: string,
    options: { body?: unknown; query?: Query; auth?: boolean; accept?: string; signal?: AbortSignal },
  ): Promise<Response> {
    const auth = options.auth ?? true;
    const send = async (session: Session | null) => {
      const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (auth && session) headers.authorization = `Bearer ${session.accessToken}`;
      const f = this.deps.fetch ?? fetch;
      return f(this.url(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    };
    let session = auth ? await this.validSession() : null;
    if (auth && !session) throw new ApiError(401, 'missing_token', 'Not signed in');
    let response = await send(session);
    if (auth && response.status === 401) {
      // The token may have expired between the check and the call (or the clock is off): refresh once.
      session = await this.refresh();
      if (!session) throw await toApiError(response);
      response = await send(session);
      if (response.status === 401) this.deps.session.set(null);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  private async validSession(): Promise<Session | null> {
    const session = this.deps.session.get();
    if (!session) return null;
    if (session.expiresAt - this.refreshMarginMs > Date.now()) return session;
    return this.refresh();
  }

  /** One refresh at a time; concurrent callers share it. */
  private refresh(): Promise<Session | null> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<Session | null> {
    const current = this.deps.session.get();
    if (!current) return null;
    try {
      const tokens = await this.request<TokenPair>('POST', ROUTES.refresh, {
        body: { refreshToken: current.refreshToken },
        auth: false,
      });
      return this.deps.session.setFromTokens(tokens, current.address);
    } catch (error) {
      // A refresh that the server refuses ends the session; a network error keeps it for a retry.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) this.deps.session.set(null);
      return null;
    }
  }
}

function filterQuery(f: TransactionFilters): Query {
  return {
    walletIds: f.walletId,
    action: f.action,
    protocol: f.protocol,
    unit: f.unit,
    from: f.from,
    to: f.to,
  };
}

function stakingQuery(f: StakingFilters): Query {
  return {
    walletIds: f.walletId,
    currency: f.currency,
    from: f.from,
    to: f.to,
    types: f.types?.join(','),
  };
}

function gainsQuery(q: GainsQuery): Query {
  return {
    method: q.method,
    currency: q.currency,
    year: q.year,
    walletIds: q.walletIds,
    rewardPolicy: q.rewardPolicy,
    feePolicy: q.feePolicy,
  };
}

/** Accepts `[...]` or `{ <key>: [...] }` / `{ items: [...] }` so a wrapper object is not a breaking change. */
function unwrapList<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const b = (body ?? {}) as Record<string, unknown>;
  const list = b[key] ?? b.items ?? b.data;
  return Array.isArray(list) ? (list as T[]) : [];
}

function unwrapOne<T>(body: unknown, key: string): T {
  const b = (body ?? {}) as Record<string, unknown>;
  return (b[key] && typeof b[key] === 'object' ? b[key] : body) as T;
}
