/**
 * The source fetcher: an HTTP(S) GET that can only reach what core/source/source-address.ts
 * allows. Every address the host resolves to is checked inside the socket's own `lookup`, so the
 * address checked is the address connected to (no second resolution an attacker's DNS could
 * answer differently). Redirects are followed by hand, on the same host only; size and time are
 * bounded; the body is spooled to a temporary file while its sha256 is computed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FetchedFile, SourceFetcher } from '../core/source/pull-source.ts';
import {
  type AddressPolicy,
  checkRedirect,
  checkSourceUrl,
  refusedAddress,
  SourceFetchError,
} from '../core/source/source-address.ts';

/** Resolves a host name to every address it has (dns.lookup with all: true; a fake in tests). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses);
    });
  });

export interface SafeFetchOptions {
  policy: AddressPolicy;
  maxBytes: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxRedirects: number;
  resolver?: Resolver;
  /** Where bodies are spooled (the Lambda's /tmp). */
  spoolDir?: string;
  userAgent?: string;
}

export const SOURCE_FETCH_DEFAULTS = {
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 120_000,
  maxRedirects: 3,
} as const;

/** A `lookup` that refuses the whole host when any address it resolves to is refused. */
export function checkedLookup(resolver: Resolver, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (addresses) => {
        const refused = addresses.map((entry) => refusedAddress(entry.address, policy)).find(Boolean);
        if (addresses.length === 0 || refused) {
          const reason = refused ?? `${hostname} resolves to no address`;
          callback(new SourceFetchError('SOURCE_ADDRESS_REFUSED', `${hostname}: ${reason}`), '', 4);
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = addresses.filter((entry) => wanted === 0 || entry.family === wanted);
        if (options.all) callback(null, usable);
        else callback(null, usable[0]?.address ?? '', usable[0]?.family ?? 4);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        callback(
          new SourceFetchError('SOURCE_UNREACHABLE', `${hostname} could not be resolved (${message})`),
          '',
          4,
        );
      },
    );
  };
}

interface Exchange {
  response: IncomingMessage;
  url: URL;
}

function fileNameOf(url: URL, response: IncomingMessage): string {
  const disposition = response.headers['content-disposition'] ?? '';
  const named = /filename="?([^";]+)"?/iu.exec(disposition)?.[1];
  const last = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  return (named ?? last).slice(0, 255) || 'source';
}

export class SafeFetcher implements SourceFetcher {
  private readonly lookup: LookupFunction;

  constructor(private readonly options: SafeFetchOptions) {
    this.lookup = checkedLookup(options.resolver ?? systemResolver, options.policy);
  }

  async fetch(
    text: string,
    validators: { etag?: string; lastModified?: string },
  ): Promise<FetchedFile | 'not-modified'> {
    const deadline = new AbortController();
    const timer = setTimeout(
      () =>
        deadline.abort(
          new SourceFetchError(
            'SOURCE_TIMEOUT',
            `the source took longer than ${this.options.totalTimeoutMs / 1000} s`,
          ),
        ),
      this.options.totalTimeoutMs,
    );
    try {
      const { response, url } = await this.follow(
        checkSourceUrl(text, this.options.policy),
        validators,
        deadline.signal,
      );
      if (response.statusCode === 304) {
        response.resume();
        return 'not-modified';
      }
      return await this.spool(response, url, deadline.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  private async follow(
    start: URL,
    validators: { etag?: string; lastModified?: string },
    signal: AbortSignal,
  ): Promise<Exchange> {
    let url = start;
    for (let redirects = 0; ; redirects += 1) {
      const response = await this.get(url, validators, signal);
      const status = response.statusCode ?? 0;
      if (status === 304 || (status >= 200 && status < 300)) return { response, url };
      response.resume();
      if ([301, 302, 303, 307, 308].includes(status)) {
        if (redirects >= this.options.maxRedirects) {
          throw new SourceFetchError(
            'SOURCE_REDIRECT_REFUSED',
            `the source redirected more than ${this.options.maxRedirects} times`,
          );
        }
        url = checkRedirect(url, response.headers.location ?? '', this.options.policy);
        continue;
      }
      throw new SourceFetchError('SOURCE_HTTP_ERROR', `the source answered HTTP ${status}`);
    }
  }

  private get(
    url: URL,
    validators: { etag?: string; lastModified?: string },
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const host = url.hostname.replace(/^\[|\]$/gu, '');
    // A literal address is connected to without any lookup: it is checked here instead.
    if (isIP(host) !== 0) {
      const refused = refusedAddress(host, this.options.policy);
      if (refused) return Promise.reject(new SourceFetchError('SOURCE_ADDRESS_REFUSED', refused));
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const request = send(url, {
        method: 'GET',
        lookup: this.lookup,
        signal,
        // No pooled socket: each connection's address is checked by its own lookup.
        agent: false,
        headers: {
          'user-agent': this.options.userAgent ?? 'feedbridge-source-pull/1',
          accept: '*/*',
          ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
          ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
        },
      });
      const connectTimer = setTimeout(() => {
        request.destroy(
          new SourceFetchError(
            'SOURCE_TIMEOUT',
            `no connection to ${url.host} within ${this.options.connectTimeoutMs / 1000} s`,
          ),
        );
      }, this.options.connectTimeoutMs);
      request.on('socket', (socket) => {
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () =>
          clearTimeout(connectTimer),
        );
      });
      request.on('response', (response) => {
        clearTimeout(connectTimer);
        resolve(response);
      });
      request.on('error', (error) => {
        clearTimeout(connectTimer);
        reject(asFetchError(error, signal));
      });
      request.end();
    });
  }

  private async spool(response: IncomingMessage, url: URL, signal: AbortSignal): Promise<FetchedFile> {
    const declared = Number(response.headers['content-length'] ?? Number.NaN);
    if (declared > this.options.maxBytes) {
      response.destroy();
      throw tooLarge(this.options.maxBytes);
    }
    const path = join(
      this.options.spoolDir ?? tmpdir(),
      `feedbridge-pull-${randomBytes(12).toString('hex')}`,
    );
    const digest = createHash('sha256');
    let bytes = 0;
    const maxBytes = this.options.maxBytes;
    // The file is created before the body flows: a write stream opens its path lazily, so a body
    // refused at its first chunk could otherwise create the file after the cleanup below removed it.
    const spoolFile = await open(path, 'wx');
    try {
      await pipeline(
        response,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            bytes += chunk.byteLength;
            if (bytes > maxBytes) throw tooLarge(maxBytes);
            digest.update(chunk);
            yield chunk;
          }
        },
        spoolFile.createWriteStream(),
        { signal },
      );
    } catch (error) {
      await rm(path, { force: true });
      throw asFetchError(error, signal);
    }
    const contentType = response.headers['content-type'];
    const etag = response.headers.etag;
    const lastModified = response.headers['last-modified'];
    return {
      sha256: digest.digest('hex'),
      bytes,
      ...(contentType ? { contentType } : {}),
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
      fileName: fileNameOf(url, response),
      open: async () => createReadStream(path),
      discard: () => rm(path, { force: true }),
    };
  }
}

function tooLarge(maxBytes: number): SourceFetchError {
  return new SourceFetchError(
    'SOURCE_TOO_LARGE',
    `the source is larger than the ${maxBytes} bytes an upload may be`,
  );
}

/** The deadline's reason when it fired; our own refusals as they are; anything else unreachable. */
function asFetchError(error: unknown, signal: AbortSignal): SourceFetchError {
  if (signal.aborted && signal.reason instanceof SourceFetchError) return signal.reason;
  if (error instanceof SourceFetchError) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof SourceFetchError) return cause;
  const message = error instanceof Error ? error.message : String(error);
  return new SourceFetchError('SOURCE_UNREACHABLE', `the source could not be reached (${message})`);
}
