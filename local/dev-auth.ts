import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { producerIdSchema } from '../functions/core/catalogue/model.ts';

/**
 * Local stand-in for the deployed Cognito JWT authorizer: HS256 tokens signed with a secret kept
 * in the data dir, carrying the same `custom:producerId` claim the handlers check on AWS.
 */
export const PRODUCER_CLAIM = 'custom:producerId';
/** In the data dir; it signs the dev tokens and the local upload and download URLs. */
export const DEV_AUTH_SECRET_FILE = 'dev-auth-secret';
const SECRET_FILE = DEV_AUTH_SECRET_FILE;
const TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;

export type DevClaims = Record<string, string>;

export async function loadOrCreateSecret(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, SECRET_FILE);
  try {
    return Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32);
  // 'wx' so that a serve and a dev-token starting together never overwrite each other's secret.
  try {
    await writeFile(path, secret.toString('base64url'), { flag: 'wx', mode: 0o600 });
    return secret;
  } catch {
    return Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
  }
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signDevToken(producerId: string, secret: Buffer, now = new Date()): string {
  producerIdSchema.parse(producerId);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({
    sub: `dev-${producerId}`,
    iss: 'feedbridge-local',
    [PRODUCER_CLAIM]: producerId,
    iat: issuedAt,
    exp: issuedAt + TOKEN_LIFETIME_SECONDS,
  });
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The verified claims, or null for anything that is not a valid, unexpired token of ours. */
export function verifyDevToken(token: string, secret: Buffer, now = new Date()): DevClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  // The text is compared, not the decoded bytes: Node's decoder also takes padding, the base64
  // alphabet, stray characters and nonzero spare bits, so one signature would have many spellings.
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'),
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!claims || typeof claims !== 'object') return null;
    const record = claims as Record<string, unknown>;
    if (typeof record.exp !== 'number' || record.exp * 1000 < now.getTime()) return null;
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, String(value)]));
  } catch {
    return null;
  }
}
