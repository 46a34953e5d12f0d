/** The claim that names the producer, in Cognito ID tokens and in local dev tokens alike. */
export const PRODUCER_CLAIM = 'custom:producerId';

function base64UrlDecode(text: string): string {
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const bytes = Uint8Array.from(
    atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=')),
    (c) => c.charCodeAt(0),
  );
  return new TextDecoder().decode(bytes);
}

/**
 * The claims of a JWT, read without verifying it: the API verifies every token; the portal only
 * needs to know whose pages to show and when to ask for a new sign-in.
 */
export function readClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(base64UrlDecode(payload));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface Session {
  token: string;
  producerId: string;
  /** Seconds since the epoch, from the token's `exp`. */
  expiresAt: number | null;
}

/** A session for a token that names a producer and has not expired, else null. */
export function sessionOfToken(token: string, nowSeconds: number): Session | null {
  const claims = readClaims(token);
  const producerId = claims?.[PRODUCER_CLAIM];
  if (typeof producerId !== 'string' || producerId.length === 0) return null;
  const expiresAt = typeof claims?.exp === 'number' ? claims.exp : null;
  if (expiresAt !== null && expiresAt <= nowSeconds) return null;
  return { token, producerId, expiresAt };
}
