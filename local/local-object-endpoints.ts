import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import { LocalFolderStore } from '../functions/adapters/local-folder-store.ts';
import {
  checkLocalUrl,
  LOCAL_DOWNLOAD_PATH,
  LOCAL_UPLOAD_PATH,
  type LocalUrlParts,
} from '../functions/adapters/local-url-signer.ts';
import { InvalidObjectKeyError } from '../functions/adapters/object-store.ts';
import type { S3ObjectCreatedEvent } from '../functions/ingest-upload.ts';
import { createLambdaContext } from './lambda-context.ts';

export interface LocalObjectEndpointOptions {
  objectDir: string;
  secret: () => Promise<Uint8Array>;
  /** UPLOAD_MAX_BYTES, as the deployed ingest enforces it. */
  maxBytes: number;
  /** The async ingest handler, invoked as EventBridge would after the object is stored. */
  onObjectCreated: (event: S3ObjectCreatedEvent, context: Context) => Promise<unknown>;
  now?: () => Date;
}

function refuse(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ error: { code, message } }));
}

const URL_MESSAGES = {
  UPLOAD_URL_EXPIRED: 'this upload or download URL has expired: ask for a new one',
  UPLOAD_URL_INVALID: 'this URL is not one the server signed (or it was changed): ask for a new one',
} as const;

/** The object key, expiry and signature of a local signed URL, or null when they are missing or malformed. */
function partsOf(
  url: URL,
  prefix: string,
  method: 'PUT' | 'GET',
): { parts: LocalUrlParts; signature: string } | null {
  let key: string;
  try {
    key = url.pathname.slice(prefix.length).split('/').map(decodeURIComponent).join('/');
  } catch {
    return null;
  }
  const expires = Number(url.searchParams.get('expires'));
  const size = url.searchParams.get('size');
  const signature = url.searchParams.get('signature') ?? '';
  if (!Number.isSafeInteger(expires) || (size !== null && !/^\d{1,15}$/.test(size))) return null;
  return {
    parts: { method, key, expires, ...(size === null ? {} : { contentLength: Number(size) }) },
    signature,
  };
}

/** Drains what the client still sends, so it reads our refusal instead of a reset connection. */
function drain(request: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    request.on('data', () => undefined);
    request.on('end', resolve);
    request.on('error', () => resolve());
    request.on('close', resolve);
  });
}

/**
 * S3's part of the upload flow on a laptop: `PUT /local-uploads/{key}` (the upload route's signed
 * URL) stores the body byte for byte in the data dir's object store, streamed, refusing more than
 * UPLOAD_MAX_BYTES, then hands the async ingest an EventBridge "Object Created" event, after the
 * answer, as S3 and EventBridge do; `GET /local-objects/{key}` serves a signed report download.
 * Returns false for any other path (the API's routes).
 */
export function localObjectEndpoints(options: LocalObjectEndpointOptions) {
  const store = new LocalFolderStore(options.objectDir);
  const now = options.now ?? (() => new Date());
  const pending = new Set<Promise<unknown>>();

  async function verified(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    prefix: string,
    method: 'PUT' | 'GET',
  ): Promise<LocalUrlParts | null> {
    const found = partsOf(url, prefix, method);
    const check = found
      ? checkLocalUrl(found.parts, found.signature, await options.secret(), now())
      : ({ ok: false, code: 'UPLOAD_URL_INVALID' } as const);
    if (check.ok && found) return found.parts;
    const code = check.ok ? 'UPLOAD_URL_INVALID' : check.code;
    await drain(request);
    refuse(response, 403, code, URL_MESSAGES[code]);
    return null;
  }

  async function upload(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const parts = await verified(request, response, url, LOCAL_UPLOAD_PATH, 'PUT');
    if (!parts) return;
    const declared = request.headers['content-length'];
    // S3 refuses a body whose length differs from the signed one (SignatureDoesNotMatch).
    if (
      parts.contentLength !== undefined &&
      declared !== undefined &&
      Number(declared) !== parts.contentLength
    ) {
      await drain(request);
      return refuse(
        response,
        403,
        'UPLOAD_URL_INVALID',
        `this URL was signed for ${parts.contentLength} bytes`,
      );
    }
    let writer: Awaited<ReturnType<LocalFolderStore['openWriter']>>;
    try {
      writer = await store.openWriter(parts.key);
    } catch (error) {
      if (!(error instanceof InvalidObjectKeyError)) throw error;
      await drain(request);
      return refuse(response, 403, 'UPLOAD_URL_INVALID', URL_MESSAGES.UPLOAD_URL_INVALID);
    }
    const md5 = createHash('md5');
    let size = 0;
    try {
      for await (const chunk of request) {
        const bytes = chunk as Buffer;
        size += bytes.length;
        if (size > options.maxBytes) {
          await writer.abort();
          await drain(request);
          return refuse(
            response,
            413,
            'UPLOAD_TOO_LARGE',
            `an upload takes at most ${options.maxBytes} bytes: split the catalogue into delta uploads`,
          );
        }
        md5.update(bytes);
        await writer.write(bytes);
      }
      if (parts.contentLength !== undefined && size !== parts.contentLength) {
        await writer.abort();
        return refuse(
          response,
          403,
          'UPLOAD_URL_INVALID',
          `this URL was signed for ${parts.contentLength} bytes`,
        );
      }
      await writer.close();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    const etag = `"${md5.digest('hex')}"`;
    response.writeHead(200, { etag });
    response.end();
    const event = objectCreatedEvent(parts.key, size, etag, now());
    const ingest = options
      .onObjectCreated(event, createLambdaContext({ functionName: 'ingest-upload' }))
      .catch((error: unknown) => {
        process.stderr.write(
          `feedbridge serve: ingest of ${parts.key} failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      })
      .finally(() => pending.delete(ingest));
    pending.add(ingest);
  }

  /** Reports are JSON; feed documents are JSON or XML (freshippo, google-merchant's RSS). */
  function downloadContentType(key: string): string {
    return key.endsWith('.xml') ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8';
  }

  async function download(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const parts = await verified(request, response, url, LOCAL_DOWNLOAD_PATH, 'GET');
    if (!parts) return;
    const stream = await store.stream(parts.key).catch(() => null);
    if (!stream) return refuse(response, 404, 'OBJECT_NOT_FOUND', 'no such object');
    response.writeHead(200, { 'content-type': downloadContentType(parts.key) });
    for await (const chunk of stream) response.write(chunk);
    response.end();
  }

  return {
    /** True when it answered the request (a local object URL). */
    async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
      if (url.pathname.startsWith(LOCAL_UPLOAD_PATH)) {
        if (request.method !== 'PUT') refuse(response, 405, 'METHOD_NOT_ALLOWED', 'upload URLs take PUT');
        else await upload(request, response, url);
        return true;
      }
      if (url.pathname.startsWith(LOCAL_DOWNLOAD_PATH)) {
        if (request.method !== 'GET') refuse(response, 405, 'METHOD_NOT_ALLOWED', 'download URLs take GET');
        else await download(request, response, url);
        return true;
      }
      return false;
    },
    /** Resolves once every ingest started so far has ended (tests, and serve's shutdown). */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

export type LocalObjectEndpoints = ReturnType<typeof localObjectEndpoints>;

/** S3's "Object Created" event as EventBridge delivers it (docs: "Amazon S3 Event Notifications with EventBridge"). */
export function objectCreatedEvent(key: string, size: number, etag: string, at: Date): S3ObjectCreatedEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: `${at.toISOString().slice(0, 19)}Z`,
    region: 'local',
    resources: ['arn:aws:s3:::local-objects'],
    detail: {
      bucket: { name: 'local-objects' },
      object: { key, size, etag: etag.replace(/"/g, ''), sequencer: at.getTime().toString(16).toUpperCase() },
      reason: 'PutObject',
    },
  };
}
