import type { TokenPair } from '../api/types.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  /** The address the user signed in with (display only). */
  address: string;
}

const KEY = 'adafolio.session';

/**
 * The signed-in session: kept in memory and mirrored to sessionStorage (not localStorage), so a reload
 * keeps the user signed in but closing the tab ends the session.
 */
export class SessionStore {
  private session: Session | null;
  private readonly listeners = new Set<(s: Session | null) => void>();

  constructor(private readonly storage: Storage | null = safeSessionStorage()) {
    this.session = this.read();
  }

  get(): Session | null {
    return this.session;
  }

  setFromTokens(tokens: TokenPair, address: string, now = Date.now()): Session {
    const session: Session = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: now + tokens.expiresIn * 1000,
      address,
    };
    this.set(session);
    return session;
  }

  set(session: Session | null): void {
    this.session = session;
    try {
      if (session) this.storage?.setItem(KEY, JSON.stringify(session));
      else this.storage?.removeItem(KEY);
    } catch {
      // Storage may be full or disabled (private mode); the in-memory session still works.
    }
    for (const l of this.listeners) l(session);
  }

  subscribe(listener: (s: Session | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private read(): Session | null {
    try {
      const raw = this.storage?.getItem(KEY);
      if (!raw) return null;
      const s = JSON.parse(raw) as Partial<Session>;
      if (typeof s.accessToken !== 'string' || typeof s.refreshToken !== 'string') return null;
      return {
        accessToken: s.accessToken,
        refreshToken: s.refreshToken,
        expiresAt: typeof s.expiresAt === 'number' ? s.expiresAt : 0,
        address: typeof s.address === 'string' ? s.address : '',
      };
    } catch {
      return null;
    }
  }
}

function safeSessionStorage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.sessionStorage : null;
  } catch {
    return null;
  }
}
