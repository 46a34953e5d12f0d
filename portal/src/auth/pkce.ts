import type { PortalConfig } from './portal-config.ts';

type CognitoConfig = Extract<PortalConfig, { auth: 'cognito' }>;

/** RFC 7636: a verifier of 43-128 unreserved characters; we use 64 from 48 random bytes. */
function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function randomVerifier(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  return base64Url(random(new Uint8Array(48)));
}

/** S256 code challenge: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** Cognito managed login's authorize endpoint for the authorization code grant with PKCE. */
export function authorizeUrl(config: CognitoConfig, challenge: string, state: string): string {
  const search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return `${config.domain}/oauth2/authorize?${search.toString()}`;
}

export function logoutUrl(config: CognitoConfig): string {
  const search = new URLSearchParams({
    client_id: config.clientId,
    logout_uri: config.logoutUri ?? new URL('/', config.redirectUri).toString(),
  });
  return `${config.domain}/logout?${search.toString()}`;
}

/**
 * Exchanges the code for tokens and returns the ID token: it carries the producer claim that the
 * API's JWT authorizer and handlers read (access tokens do not).
 */
export async function exchangeCode(
  fetcher: (input: string, init?: RequestInit) => Promise<Response>,
  config: CognitoConfig,
  code: string,
  verifier: string,
): Promise<string> {
  const response = await fetcher(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const tokens = (await response.json()) as { id_token?: unknown };
  if (typeof tokens.id_token !== 'string') throw new Error('token endpoint sent no id_token');
  return tokens.id_token;
}
