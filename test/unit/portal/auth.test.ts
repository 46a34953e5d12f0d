import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  codeChallenge,
  exchangeCode,
  logoutUrl,
  randomVerifier,
} from '../../../portal/src/auth/pkce.ts';
import { parsePortalConfig } from '../../../portal/src/auth/portal-config.ts';
import { sessionOfToken } from '../../../portal/src/auth/token.ts';
import { fakeFetch } from './fake-fetch.ts';

const cognito = {
  auth: 'cognito',
  domain: 'https://feedbridge-prod.auth.eu-west-1.amazoncognito.com',
  clientId: '4abc',
  redirectUri: 'https://d111.cloudfront.net/callback',
} as const;

/** A JWT with these claims (unsigned: the portal never verifies, the API does). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.sig`;
}

describe('portal config (/config.json)', () => {
  it('reads local and cognito modes', () => {
    expect(parsePortalConfig({ auth: 'local' })).toEqual({ auth: 'local' });
    expect(parsePortalConfig({ ...cognito, domain: `${cognito.domain}/` })).toEqual(cognito);
  });

  it.each([
    [{}, /auth must be/],
    [
      { auth: 'cognito', domain: 'http://x.example', clientId: 'a', redirectUri: 'https://y' },
      /domain must be https/,
    ],
    [{ auth: 'cognito', domain: 'https://x', clientId: '', redirectUri: 'https://y' }, /clientId/],
    [
      { auth: 'cognito', domain: 'https://x', clientId: 'a', redirectUri: 'nope' },
      /redirectUri is not a URL/,
    ],
  ])('refuses %j', (value, message) => {
    expect(() => parsePortalConfig(value)).toThrow(message);
  });
});

describe('PKCE (RFC 7636)', () => {
  it('derives the S256 challenge of the RFC 7636 appendix B verifier', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes 64-character verifiers of unreserved characters, different each time', () => {
    const a = randomVerifier();
    expect(a).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(randomVerifier()).not.toBe(a);
  });

  it('sends the producer to managed login with the code grant and the challenge', () => {
    const url = new URL(authorizeUrl(cognito, 'CHALLENGE', 'STATE'));
    expect(`${url.origin}${url.pathname}`).toBe(`${cognito.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: '4abc',
      redirect_uri: 'https://d111.cloudfront.net/callback',
      scope: 'openid email',
      code_challenge: 'CHALLENGE',
      code_challenge_method: 'S256',
      state: 'STATE',
    });
    expect(logoutUrl(cognito)).toBe(
      `${cognito.domain}/logout?client_id=4abc&logout_uri=https%3A%2F%2Fd111.cloudfront.net%2F`,
    );
  });

  it('exchanges the code with the verifier and keeps the ID token', async () => {
    const fake = fakeFetch({
      'POST /oauth2/token': {
        status: 200,
        body: { id_token: 'ID', access_token: 'AT', token_type: 'Bearer' },
      },
    });
    expect(await exchangeCode(fake.fetch, cognito, 'CODE', 'VERIFIER')).toBe('ID');
    expect(Object.fromEntries(new URLSearchParams(fake.requests[0]?.body ?? ''))).toEqual({
      grant_type: 'authorization_code',
      client_id: '4abc',
      code: 'CODE',
      redirect_uri: 'https://d111.cloudfront.net/callback',
      code_verifier: 'VERIFIER',
    });
  });
});

describe('session of a token', () => {
  it("takes the producer from the token's custom:producerId claim", () => {
    const token = jwt({ 'custom:producerId': 'gashora-chili', exp: 2000 });
    expect(sessionOfToken(token, 1000)).toEqual({ token, producerId: 'gashora-chili', expiresAt: 2000 });
  });

  it('refuses an expired token, one without the claim, and one that is not a JWT', () => {
    expect(sessionOfToken(jwt({ 'custom:producerId': 'p1', exp: 1000 }), 1000)).toBeNull();
    expect(sessionOfToken(jwt({ sub: 'someone' }), 0)).toBeNull();
    expect(sessionOfToken('not-a-token', 0)).toBeNull();
  });
});
