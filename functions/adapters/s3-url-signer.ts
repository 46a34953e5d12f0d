import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { UrlSigner } from '../core/sync/ports.ts';
import { assertValidKey } from './object-store.ts';

const PAYLOAD_HEADER = 'x-amz-content-sha256';

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytesOf(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** SigV4's hash constructor over node:crypto (an HMAC when given a secret). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** S3 signs the path as sent: each segment percent-encoded once, '/' kept (RFC 3986 unreserved left as is). */
function encodePath(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
}

/**
 * Where a signer takes its credentials and region: any SDK client built from the handlers'
 * environment config (aws-clients.ts) has the same ones, so a function that only signs URLs signs
 * with the DynamoDB client it already has and bundles no S3 client.
 */
export interface SigningIdentity {
  readonly config: {
    readonly credentials: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
    readonly region: () => Promise<string>;
  };
}

/**
 * Presigned S3 URLs with an SDK client's credentials and region (what @aws-sdk/s3-request-presigner
 * does, without its dependency): a PUT whose signed headers include Content-Length when the size is
 * known, so S3 refuses any other size (SignatureDoesNotMatch), and a GET for a stored report.
 */
export class S3UrlSigner implements UrlSigner {
  private readonly signer: SignatureV4;

  constructor(
    private readonly identity: SigningIdentity,
    private readonly bucket: string,
    /** Tests: a fixed host (AWS's documented example) and clock. */
    private readonly options: { hostname?: string; now?: () => Date } = {},
  ) {
    this.signer = new SignatureV4({
      credentials: identity.config.credentials,
      region: identity.config.region,
      service: 's3',
      sha256: NodeSha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  private async hostname(): Promise<string> {
    if (this.options.hostname) return this.options.hostname;
    const region = await this.identity.config.region();
    return `${this.bucket}.s3.${region}.amazonaws.com`;
  }

  async uploadUrl(
    key: string,
    options: { expiresInSeconds: number; contentType?: string; contentLength?: number },
  ): Promise<{ url: string; method: 'PUT'; headers: Record<string, string> }> {
    assertValidKey(key);
    const hostname = await this.hostname();
    const headers: Record<string, string> = {
      ...(options.contentType ? { 'content-type': options.contentType } : {}),
      ...(options.contentLength === undefined ? {} : { 'content-length': String(options.contentLength) }),
    };
    const url = await this.presign('PUT', hostname, key, headers, {}, options.expiresInSeconds);
    // Browsers set Content-Length themselves (it is a forbidden header name); it is still signed.
    const { 'content-length': _length, ...sent } = headers;
    return { url, method: 'PUT', headers: sent };
  }

  async downloadUrl(key: string, options: { expiresInSeconds: number; fileName?: string }): Promise<string> {
    assertValidKey(key);
    const query: Record<string, string> = options.fileName
      ? {
          'response-content-disposition': `attachment; filename="${options.fileName.replace(/["\\\r\n]/g, '_')}"`,
        }
      : {};
    return this.presign('GET', await this.hostname(), key, {}, query, options.expiresInSeconds);
  }

  private async presign(
    method: string,
    hostname: string,
    key: string,
    headers: Record<string, string>,
    query: Record<string, string>,
    expiresIn: number,
  ): Promise<string> {
    const path = `/${encodePath(key)}`;
    const signed = await this.signer.presign(
      {
        method,
        protocol: 'https:',
        hostname,
        path,
        query,
        headers: { host: hostname, [PAYLOAD_HEADER]: 'UNSIGNED-PAYLOAD', ...headers },
      },
      {
        expiresIn,
        signableHeaders: new Set(Object.keys(headers)),
        // The payload is UNSIGNED-PAYLOAD in the canonical request, as S3's presigned URLs are
        // documented, without sending that header or putting it in the query.
        unsignableHeaders: new Set([PAYLOAD_HEADER]),
        unhoistableHeaders: new Set([PAYLOAD_HEADER]),
        ...(this.options.now ? { signingDate: this.options.now() } : {}),
      },
    );
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(signed.query ?? {})) {
      if (typeof value === 'string') search.set(name, value);
    }
    // URLSearchParams writes spaces as '+', which S3 reads as '+': percent-encode them instead.
    return `https://${hostname}${path}?${search.toString().replace(/\+/g, '%20')}`;
  }
}
