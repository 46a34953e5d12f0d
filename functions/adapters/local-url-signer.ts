import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UrlOptions, UrlSigner } from '../core/sync/ports.ts';
import { assertValidKey } from './object-store.ts';

/**
 * The embedded stack's stand-in for S3 presigned URLs: `PUT {base}/local-uploads/{key}` and
 * `GET {base}/local-objects/{key}`, with `expires` (epoch seconds), the signed size when known, and
 * an HMAC-SHA256 over all of it with the data dir's secret. `feedbridge serve` checks them
 * (local/local-object-endpoints.ts); a changed key, size or expiry, or a late request, is refused.
 */
export const LOCAL_UPLOAD_PATH = '/local-uploads/';
export const LOCAL_DOWNLOAD_PATH = '/local-objects/';

export interface LocalUrlParts {
  method: 'PUT' | 'GET';
  key: string;
  expires: number;
  contentLength?: number;
}

export function localUrlSignature(parts: LocalUrlParts, secret: Uint8Array): string {
  const text = [parts.method, parts.key, String(parts.expires), String(parts.contentLength ?? '')].join('\n');
  return createHmac('sha256', secret).update(text).digest('base64url');
}

export type LocalUrlCheck = { ok: true } | { ok: false; code: 'UPLOAD_URL_EXPIRED' | 'UPLOAD_URL_INVALID' };

/** Checks a local URL's signature first (a tampered expiry is invalid, not expired), then its expiry. */
export function checkLocalUrl(
  parts: LocalUrlParts,
  signature: string,
  secret: Uint8Array,
  now: Date,
): LocalUrlCheck {
  const expected = Buffer.from(localUrlSignature(parts, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'UPLOAD_URL_INVALID' };
  }
  if (parts.expires * 1000 <= now.getTime()) return { ok: false, code: 'UPLOAD_URL_EXPIRED' };
  return { ok: true };
}

export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

export class LocalUrlSigner implements UrlSigner {
  constructor(
    /** The serve's address when a request does not say which origin it came to. */
    private readonly baseUrl: string,
    private readonly secret: () => Promise<Uint8Array>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async url(path: string, parts: LocalUrlParts, origin: string | undefined): Promise<string> {
    assertValidKey(parts.key);
    const search = new URLSearchParams({ expires: String(parts.expires) });
    if (parts.contentLength !== undefined) search.set('size', String(parts.contentLength));
    search.set('signature', localUrlSignature(parts, await this.secret()));
    return `${(origin ?? this.baseUrl).replace(/\/$/, '')}${path}${encodeKeyPath(parts.key)}?${search}`;
  }

  private expiry(seconds: number): number {
    return Math.floor(this.now().getTime() / 1000) + seconds;
  }

  async uploadUrl(
    key: string,
    options: UrlOptions & { contentType?: string; contentLength?: number },
  ): Promise<{ url: string; method: 'PUT'; headers: Record<string, string> }> {
    const parts: LocalUrlParts = {
      method: 'PUT',
      key,
      expires: this.expiry(options.expiresInSeconds),
      ...(options.contentLength === undefined ? {} : { contentLength: options.contentLength }),
    };
    return {
      url: await this.url(LOCAL_UPLOAD_PATH, parts, options.origin),
      method: 'PUT',
      headers: options.contentType ? { 'content-type': options.contentType } : {},
    };
  }

  async downloadUrl(key: string, options: UrlOptions): Promise<string> {
    const parts: LocalUrlParts = { method: 'GET', key, expires: this.expiry(options.expiresInSeconds) };
    return this.url(LOCAL_DOWNLOAD_PATH, parts, options.origin);
  }
}
