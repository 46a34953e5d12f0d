import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PRODUCER_CLAIM, signDevToken, verifyDevToken } from '../../../local/dev-auth.ts';

// Fixed, so the signature is known to hold both a "-" and a "_" (m9IN5sHW_mX0M_3dfjK-tgEnq...).
const secret = Buffer.alloc(32, 1);
const now = new Date('2026-06-01T00:00:00Z');
const token = signDevToken('huye-coop', secret, now);
const [header, payload, signature] = token.split('.') as [string, string, string];
const withSignature = (value: string) => `${header}.${payload}.${value}`;

/** Base64 alphabets: the same 6-bit value written the base64url way and the base64 way. */
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('verifyDevToken', () => {
  it('accepts the token it signed, with its claims', () => {
    expect(verifyDevToken(token, secret, now)).toMatchObject({ [PRODUCER_CLAIM]: 'huye-coop' });
  });

  it('refuses every other spelling of the same signature bytes', () => {
    // 32 bytes are 43 base64url characters; the last one carries 4 bits and 2 that must be 0.
    const last = BASE64URL.indexOf(signature.at(-1) ?? '');
    const spellings = [
      `${signature}=`,
      signature.replaceAll('-', '+').replaceAll('_', '/'),
      `${signature.slice(0, 21)} ${signature.slice(21)}`,
      `${signature.slice(0, 21)}!${signature.slice(21)}`,
      `${signature.slice(0, -1)}${BASE64URL[last + 1]}`,
    ];
    expect(signature).toMatch(/-.*_|_.*-/u);
    for (const spelling of spellings) {
      expect(spelling).not.toBe(signature);
      expect(verifyDevToken(withSignature(spelling), secret, now), JSON.stringify(spelling)).toBeNull();
    }
  });

  it('refuses a signature from another secret, an expired token and a malformed one', () => {
    expect(verifyDevToken(signDevToken('huye-coop', randomBytes(32), now), secret, now)).toBeNull();
    expect(verifyDevToken(token, secret, new Date('2026-08-01T00:00:00Z'))).toBeNull();
    expect(verifyDevToken(`${header}.${payload}`, secret, now)).toBeNull();
    expect(verifyDevToken('', secret, now)).toBeNull();
  });
});
