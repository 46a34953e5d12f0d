import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PRODUCER_CLAIM } from '../../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { createLocalHttpApi } from '../../local/http-api.ts';
import {
  type LocalFunctions,
  loadLocalFunctions,
  localApiRoutes,
  localObjectEndpointsFor,
} from '../../local/local-functions.ts';
import type { LocalObjectEndpoints } from '../../local/local-object-endpoints.ts';

/** The local HTTP API with its object endpoints, as serve runs it; tokens are the producer id. */
export async function startUploadApi(
  stack: EmbeddedStack,
  functions: LocalFunctions,
): Promise<{ baseUrl: string; server: Server; endpoints: LocalObjectEndpoints; close: () => Promise<void> }> {
  const endpoints = localObjectEndpointsFor(stack, functions);
  const server = createLocalHttpApi({
    routes: localApiRoutes(functions),
    objectEndpoints: endpoints,
    authenticate: async (token) => ({ [PRODUCER_CLAIM]: token }),
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    server,
    endpoints,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await endpoints.idle();
    },
  };
}

export type UploadApi = Awaited<ReturnType<typeof startUploadApi>>;

/** What a test file's hooks set up: filled in by beforeAll, so read it inside tests only. */
export interface UploadHarness {
  stack: EmbeddedStack;
  functions: LocalFunctions;
  api: UploadApi;
  /** The temporary folder holding the objects (and with `persist`, DynamoDB), removed afterwards. */
  dir: string;
}

/**
 * Registers the hooks every upload test file needs: an embedded stack in a temporary folder, the
 * local functions (with `extraEnv`, e.g. CHANNELS) and serve's HTTP API over them; all stopped and
 * removed after the file. `persist` keeps DynamoDB on disk as `npm start` does (the large upload).
 */
export function useUploadHarness(
  name: string,
  options: { extraEnv?: Record<string, string>; persist?: boolean } = {},
): UploadHarness {
  const harness = {} as UploadHarness;
  beforeAll(async () => {
    harness.dir = await mkdtemp(join(tmpdir(), `feedbridge-${name}-`));
    harness.stack = await startEmbeddedStack(
      options.persist ? { dataDir: harness.dir } : { objectDir: harness.dir },
    );
    harness.functions = await loadLocalFunctions(
      harness.stack,
      options.extraEnv ? { extraEnv: options.extraEnv } : {},
    );
    harness.api = await startUploadApi(harness.stack, harness.functions);
  });
  afterAll(async () => {
    await harness.api?.close();
    await harness.stack?.stop();
    if (harness.dir) await rm(harness.dir, { recursive: true, force: true });
  });
  return harness;
}

export interface Ticket {
  uploadId: string;
  catalogueId: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  expiresAt: string;
}

export async function requestUpload(
  baseUrl: string,
  producerId: string,
  body: Record<string, unknown>,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${baseUrl}/producers/${producerId}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${producerId}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** The answers' fields these tests read; the rest are checked with toMatchObject. */
export interface AnswerJson {
  [field: string]: unknown;
  status?: string;
  columns: unknown[];
  reportUrl: string;
  nextCursor: string | null;
  items: Record<string, unknown>[];
  changes?: unknown;
}

export async function getJson(
  baseUrl: string,
  producerId: string,
  path: string,
): Promise<{ status: number; json: AnswerJson; bytes: number }> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${producerId}` } });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

/**
 * Polls the catalogue until it is DONE or FAILED, as the portal does; records each status seen.
 * Bounded by time, not by a count of polls: each poll's answer takes longer on a loaded runner, and
 * a large file's ingest needs the caller's own budget (its test timeout, less a margin).
 */
export async function waitForCatalogue(
  baseUrl: string,
  producerId: string,
  catalogueId: string,
  seen: string[] = [],
  timeoutMs = 240_000,
): Promise<AnswerJson> {
  const deadline = Date.now() + timeoutMs;
  do {
    const { json } = await getJson(
      baseUrl,
      producerId,
      `/producers/${producerId}/catalogues/${catalogueId}?limit=1`,
    );
    seen.push(json.status ?? '');
    if (json.status === 'DONE' || json.status === 'FAILED') return json;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  throw new Error(`${catalogueId} never finished within ${timeoutMs} ms (last: ${seen.at(-1)})`);
}

/** PUTs a file to a ticket's URL, streamed from disk (never read into memory); the answer's status. */
export function putFile(ticket: Ticket, path: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(ticket.url, {
      method: ticket.method,
      headers: { ...ticket.headers, 'content-length': String(size) },
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
}
