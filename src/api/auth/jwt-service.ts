import type { webcrypto } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, decodeJwt } from 'jose';
import { UnauthorizedError } from '../errors.js';

type CryptoKey = webcrypto.CryptoKey;

/** Most access tokens remembered as verified (a few hundred bytes each). */
const VERIFIED_CACHE_SIZE = 10_000;

export interface JwtServiceOptions {
  /** HS256 secret for our own tokens (config.jwtSecret). */
  secret: string;
  /** When set, tokens issued by Supabase Auth (HS256, aud `authenticated`) are accepted too. */
  supabaseSecret?: string | undefined;
  /** Default `adafolio`. */
  issuer?: string;
  /** Default `adafolio-api`. */
  audience?: string;
  /** Access token lifetime, default 900 s. */
  accessTtlSeconds?: number;
  /** Refresh token lifetime, default 7 days. */
  refreshTtlSeconds?: number;
}

export interface JwtServiceDeps {
  /** Injected clock (tests move time forward to expire tokens). */
  now: () => Date;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface VerifiedPrincipal {
  userId: string;
  source: 'adafolio' | 'supabase';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Issues and verifies JWTs with jose. The algorithm is pinned to HS256 (so `alg: none` and any
 * asymmetric-confusion trick fail), and issuer, audience, expiry and the token type are checked.
 */
export class JwtService {
  // Imported once: given raw bytes, jose imports an HMAC key on every call (a WebCrypto round trip
  // and ~5 % of the CPU of a small API request).
  private readonly key: Promise<CryptoKey>;
  private readonly supabaseKey: Promise<CryptoKey> | undefined;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly accessTtl: number;
  private readonly refreshTtl: number;

  constructor(
    options: JwtServiceOptions,
    private readonly deps: JwtServiceDeps,
  ) {
    this.key = hmacKey(options.secret);
    this.supabaseKey = options.supabaseSecret ? hmacKey(options.supabaseSecret) : undefined;
    this.issuer = options.issuer ?? 'adafolio';
    this.audience = options.audience ?? 'adafolio-api';
    this.accessTtl = options.accessTtlSeconds ?? 900;
    this.refreshTtl = options.refreshTtlSeconds ?? 7 * 24 * 3600;
  }

  async issue(userId: string): Promise<TokenPair> {
    const now = Math.floor(this.deps.now().getTime() / 1000);
    const key = await this.key;
    const sign = (typ: 'access' | 'refresh', ttl: number) =>
      new SignJWT({ role: 'authenticated', typ })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(this.issuer)
        .setAudience(this.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + ttl)
        .setJti(crypto.randomUUID())
        .sign(key);
    return {
      accessToken: await sign('access', this.accessTtl),
      refreshToken: await sign('refresh', this.refreshTtl),
      tokenType: 'Bearer',
      expiresIn: this.accessTtl,
    };
  }

  /**
   * Access tokens already verified, until their expiry: every API request carries one, and a client
   * sends the same token for up to 15 minutes, where a WebCrypto HMAC verification per request cost
   * ~8 % of an uncached read's Node CPU. Keyed by the whole token (signature included), so only a
   * token that passed jose's checks can hit; its expiry is re-checked on every use. Oldest first out.
   */
  private readonly verified = new Map<string, { principal: VerifiedPrincipal; exp: number }>();

  /** Verifies an access token (ours, or Supabase's when configured). Throws UnauthorizedError. */
  async verifyAccess(token: string): Promise<VerifiedPrincipal> {
    const known = this.verified.get(token);
    // The same rule as jose's: expired once `exp` is at or before the current second.
    if (known && known.exp > Math.floor(this.deps.now().getTime() / 1000)) return known.principal;
    if (known) this.verified.delete(token);
    const { principal, exp } = await this.verifyAccessUncached(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, { principal, exp });
    return principal;
  }

  private async verifyAccessUncached(token: string): Promise<{ principal: VerifiedPrincipal; exp: number }> {
    const claims = peek(token);
    if (this.supabaseKey && claims.iss !== this.issuer) {
      const payload = await this.verifyWith(token, this.supabaseKey, { audience: 'authenticated' });
      if (payload.role !== 'authenticated') {
        throw new UnauthorizedError('invalid_token', 'token role must be "authenticated"');
      }
      return { principal: { userId: subject(payload.sub), source: 'supabase' }, exp: payload.exp! };
    }
    const payload = await this.verifyWith(token, this.key, { issuer: this.issuer, audience: this.audience });
    if (payload.typ !== 'access') {
      throw new UnauthorizedError('wrong_token_type', 'a refresh token cannot be used to call the API');
    }
    // `exp` is a required claim (verifyWith), so present here.
    return { principal: { userId: subject(payload.sub), source: 'adafolio' }, exp: payload.exp! };
  }

  /** Verifies one of our refresh tokens and returns its user id. */
  async verifyRefresh(token: string): Promise<string> {
    const payload = await this.verifyWith(token, this.key, { issuer: this.issuer, audience: this.audience });
    if (payload.typ !== 'refresh')
      throw new UnauthorizedError('wrong_token_type', 'expected a refresh token');
    return subject(payload.sub);
  }

  private async verifyWith(
    token: string,
    key: Promise<CryptoKey>,
    expect: { issuer?: string; audience: string },
  ) {
    try {
      const { payload } = await jwtVerify(token, await key, {
        algorithms: ['HS256'],
        issuer: expect.issuer,
        audience: expect.audience,
        currentDate: this.deps.now(),
        requiredClaims: ['sub', 'exp'],
      });
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw new UnauthorizedError('token_expired', 'token has expired');
      if (error instanceof joseErrors.JOSEAlgNotAllowed) {
        throw new UnauthorizedError('invalid_token', 'token algorithm is not allowed (HS256 only)');
      }
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
        throw new UnauthorizedError('invalid_token', 'token signature is invalid');
      }
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        throw new UnauthorizedError('invalid_token', `token claim "${error.claim}" is invalid`);
      }
      throw new UnauthorizedError('invalid_token', 'token is malformed');
    }
  }
}

function peek(token: string): { iss?: string } {
  try {
    return decodeJwt(token);
  } catch {
    throw new UnauthorizedError('invalid_token', 'token is malformed');
  }
}

function subject(sub: string | undefined): string {
  if (!sub || !UUID.test(sub)) throw new UnauthorizedError('invalid_token', 'token subject is not a user id');
  return sub;
}

/** An HS256 key for jose (sign and verify). */
function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}
