import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import {
  ASSETS_PREFIX,
  CACHE_CONTROL,
  contentSecurityPolicy,
  SECURITY_HEADERS,
} from '../portal/security-headers.ts';
import { buildPortal, PORTAL_DIST } from './portal-build.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The API's paths: `feedbridge serve` routes these to the handlers, everything else to the portal. */
export function isApiPath(pathname: string): boolean {
  return /^\/(producers|dev)(\/|$)/.test(pathname);
}

/**
 * A path that names a file (a build asset, /favicon.ico): missing, it is a 404, not the app. Any
 * other path is one of the app's pages, even with a dot in it (a SKU like "HU.001").
 */
export function isFilePath(pathname: string): boolean {
  if (pathname.startsWith(ASSETS_PREFIX)) return true;
  const rest = pathname.slice(1);
  return !rest.includes('/') && extname(rest) !== '';
}

export interface PortalAssetsOptions {
  /** The built portal (default portal/dist). */
  distDir?: string;
  /** Builds the portal when distDir has no index.html (default: Vite, see portal-build.ts). */
  build?: (distDir: string) => Promise<void>;
  /** Served as /config.json: how the portal signs in. Locally, dev tokens. */
  config?: Readonly<Record<string, unknown>>;
}

export interface PortalAssets {
  /** Answers a request for the portal; false (nothing sent) for an API path, left to the API. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
}

const baseHeaders = (): Record<string, string> => ({
  ...SECURITY_HEADERS,
  'content-security-policy': contentSecurityPolicy(),
});

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
) {
  response.writeHead(status, {
    ...baseHeaders(),
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': CACHE_CONTROL.revalidate,
    ...extra,
  });
  response.end(text);
}

async function regularFileSize(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

/**
 * The built portal for `feedbridge serve`: its files with their content types, long caching for
 * hashed assets, index.html for the app's own paths (the SPA routes in the browser), 404 for a
 * missing file, the deployment's security headers and CSP on every answer, and a build on first
 * use when there is none yet, so a fresh clone's `npm ci && npx feedbridge serve` shows the portal.
 */
export function createPortalAssets(options: PortalAssetsOptions = {}): PortalAssets {
  const distDir = resolve(options.distDir ?? PORTAL_DIST);
  const build = options.build ?? buildPortal;
  const config = JSON.stringify(options.config ?? { auth: 'local' });
  let ready: Promise<void> | null = null;

  /** One build however many requests arrive meanwhile; a failed build is tried again next time. */
  function ensureBuilt(): Promise<void> {
    ready ??= (async () => {
      if ((await regularFileSize(join(distDir, 'index.html'))) !== null) return;
      process.stdout.write('feedbridge serve: building the portal (first use)…\n');
      await build(distDir);
    })().catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  }

  async function sendFile(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    size: number,
    cacheControl: string,
  ) {
    response.writeHead(200, {
      ...baseHeaders(),
      'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(size),
      'cache-control': cacheControl,
    });
    if (request.method === 'HEAD') return void response.end();
    await new Promise<void>((done, fail) => {
      createReadStream(path).once('error', fail).pipe(response).once('finish', done);
    });
  }

  return {
    async handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (isApiPath(url.pathname)) return false;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        sendText(response, 405, 'Method not allowed', { allow: 'GET, HEAD' });
        return true;
      }
      if (url.pathname === '/config.json') {
        response.writeHead(200, {
          ...baseHeaders(),
          'content-type': CONTENT_TYPES['.json'] ?? '',
          'cache-control': CACHE_CONTROL.revalidate,
        });
        response.end(request.method === 'HEAD' ? undefined : config);
        return true;
      }
      try {
        await ensureBuilt();
      } catch (error) {
        process.stderr.write(`feedbridge serve: ${error instanceof Error ? error.message : String(error)}\n`);
        sendText(
          response,
          503,
          'The portal could not be built; see the serve log. Run `npm run build` to retry.',
        );
        return true;
      }
      let relative: string;
      try {
        relative = decodeURIComponent(url.pathname);
      } catch {
        sendText(response, 400, 'Bad path');
        return true;
      }
      const path = resolve(distDir, `.${relative}`);
      if (relative.includes('\0') || (path !== distDir && !path.startsWith(distDir + sep))) {
        sendText(response, 404, 'Not found');
        return true;
      }
      const size = relative.endsWith('/') ? null : await regularFileSize(path);
      if (size !== null) {
        const immutable = url.pathname.startsWith(ASSETS_PREFIX);
        await sendFile(
          request,
          response,
          path,
          size,
          immutable ? CACHE_CONTROL.immutable : CACHE_CONTROL.revalidate,
        );
        return true;
      }
      if (isFilePath(url.pathname)) {
        sendText(response, 404, 'Not found');
        return true;
      }
      const index = join(distDir, 'index.html');
      const indexSize = await regularFileSize(index);
      if (indexSize === null) {
        sendText(response, 503, 'The portal build has no index.html; run `npm run build`.');
        return true;
      }
      await sendFile(request, response, index, indexSize, CACHE_CONTROL.revalidate);
      return true;
    },
  };
}
