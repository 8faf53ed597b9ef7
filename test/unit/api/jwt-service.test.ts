import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { JwtService } from '../../../src/api/auth/jwt-service.js';
import { UnauthorizedError } from '../../../src/api/errors.js';

const SECRET = 'unit-test-secret-0123456789-0123456789-xx';
const USER = '4b0c7a9e-6a36-4d5a-9d51-0f1f2c3a4b5c';

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedError);
    return (error as UnauthorizedError).reason;
  }
}

describe('JwtService', () => {
  let now = new Date('2026-03-01T00:00:00Z');
  const jwt = new JwtService(
    { secret: SECRET, accessTtlSeconds: 900, refreshTtlSeconds: 3600 },
    { now: () => now },
  );

  it('issues an access/refresh pair with sub, role, issuer and audience', async () => {
    const pair = await jwt.issue(USER);
    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const claims = JSON.parse(Buffer.from(pair.accessToken.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({
      sub: USER,
      role: 'authenticated',
      typ: 'access',
      iss: 'adafolio',
      aud: 'adafolio-api',
    });
    expect(claims.exp - claims.iat).toBe(900);
    expect(await jwt.verifyAccess(pair.accessToken)).toEqual({ userId: USER, source: 'adafolio' });
    expect(await jwt.verifyRefresh(pair.refreshToken)).toBe(USER);
  });

  it('expires access tokens after their lifetime but not refresh tokens', async () => {
    const pair = await jwt.issue(USER);
    now = new Date(now.getTime() + 901_000);
    expect(await reason(jwt.verifyAccess(pair.accessToken))).toBe('token_expired');
    expect(await jwt.verifyRefresh(pair.refreshToken)).toBe(USER);
    now = new Date(now.getTime() + 3600_000);
    expect(await reason(jwt.verifyRefresh(pair.refreshToken))).toBe('token_expired');
  });

  it('remembers verified access tokens only until their expiry second, and only the exact token', async () => {
    const pair = await jwt.issue(USER);
    const issuedAt = now.getTime();
    expect(await jwt.verifyAccess(pair.accessToken)).toEqual({ userId: USER, source: 'adafolio' });
    now = new Date(issuedAt + 899_999);
    expect(await reason(jwt.verifyAccess(pair.accessToken))).toBe('accepted');
    // A token differing in its signature is verified on its own (and fails).
    const [h, p, sig] = pair.accessToken.split('.');
    const forged = `${h}.${p}.${sig!.startsWith('A') ? 'B' : 'A'}${sig!.slice(1)}`;
    expect(await reason(jwt.verifyAccess(forged))).toBe('invalid_token');
    now = new Date(issuedAt + 900_000);
    expect(await reason(jwt.verifyAccess(pair.accessToken))).toBe('token_expired');
  });

  it('refuses other algorithms, other secrets, swapped token types and non-uuid subjects', async () => {
    const pair = await jwt.issue(USER);
    expect(await reason(jwt.verifyAccess(pair.refreshToken))).toBe('wrong_token_type');
    expect(await reason(jwt.verifyRefresh(pair.accessToken))).toBe('wrong_token_type');
    const base = () =>
      new SignJWT({ typ: 'access', role: 'authenticated' })
        .setIssuer('adafolio')
        .setAudience('adafolio-api')
        .setExpirationTime(Math.floor(now.getTime() / 1000) + 60);
    const hs512 = await base()
      .setSubject(USER)
      .setProtectedHeader({ alg: 'HS512' })
      .sign(new TextEncoder().encode(SECRET + SECRET));
    expect(await reason(jwt.verifyAccess(hs512))).toBe('invalid_token');
    const otherKey = await base()
      .setSubject(USER)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('x'.repeat(40)));
    expect(await reason(jwt.verifyAccess(otherKey))).toBe('invalid_token');
    const badSub = await base()
      .setSubject('admin')
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET));
    expect(await reason(jwt.verifyAccess(badSub))).toBe('invalid_token');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${pair.accessToken.split('.')[1]}.`;
    expect(await reason(jwt.verifyAccess(unsigned))).toBe('invalid_token');
    expect(await reason(jwt.verifyAccess('a.b'))).toBe('invalid_token');
  });

  it('does not accept Supabase-style tokens unless a Supabase secret is configured', async () => {
    const token = await new SignJWT({ role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(USER)
      .setAudience('authenticated')
      .setExpirationTime(Math.floor(now.getTime() / 1000) + 60)
      .sign(new TextEncoder().encode('supabase-secret-0123456789-0123456789'));
    expect(await reason(jwt.verifyAccess(token))).toBe('invalid_token');
    const withSupabase = new JwtService(
      { secret: SECRET, supabaseSecret: 'supabase-secret-0123456789-0123456789' },
      { now: () => now },
    );
    expect(await withSupabase.verifyAccess(token)).toEqual({ userId: USER, source: 'supabase' });
  });
});
