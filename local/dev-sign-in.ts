import type { IncomingMessage, ServerResponse } from 'node:http';
import { PRODUCER_ID_PATTERN } from '../functions/core/catalogue/model.ts';

/** The sign-in body is one short JSON object; anything longer is not a sign-in. */
const SIGN_IN_BODY_MAX_BYTES = 4096;
export const DEV_SIGN_IN_PATH = '/dev/sign-in';

export type MintDevToken = (producerId: string) => Promise<string>;

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

const refuse = (response: ServerResponse, status: number, code: string, message: string) =>
  answer(response, status, { error: { code, message } });

async function readSmallBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    // Read to the end so the client gets its 400 rather than a reset connection.
    if (size <= SIGN_IN_BODY_MAX_BYTES) chunks.push(chunk as Buffer);
  }
  return size > SIGN_IN_BODY_MAX_BYTES ? null : Buffer.concat(chunks).toString('utf8');
}

function producerIdOf(text: string): { producerId: unknown } | null {
  try {
    const body: unknown = JSON.parse(text);
    if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
    const keys = Object.keys(body);
    if (keys.length !== 1 || keys[0] !== 'producerId') return null;
    return { producerId: (body as Record<string, unknown>).producerId };
  } catch {
    return null;
  }
}

/**
 * `POST /dev/sign-in { "producerId" }`: the portal's local sign-in, a dev token for that producer.
 * It exists only in `feedbridge serve` (a deployment signs in with Cognito). The producer id is
 * checked with the path middleware's rule, so a token is never minted for an id no route accepts.
 */
export async function handleDevSignIn(
  request: IncomingMessage,
  response: ServerResponse,
  mint: MintDevToken,
): Promise<void> {
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    return refuse(response, 405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here`);
  }
  const text = await readSmallBody(request);
  const body = text === null ? null : producerIdOf(text);
  if (!body) {
    return refuse(response, 400, 'BODY_INVALID', 'the body must be a JSON object { "producerId": "..." }');
  }
  if (typeof body.producerId !== 'string' || !PRODUCER_ID_PATTERN.test(body.producerId)) {
    return refuse(
      response,
      400,
      'PRODUCER_ID_INVALID',
      'the producer id is not valid: 2 to 63 lowercase letters, digits and dashes',
    );
  }
  answer(response, 200, { token: await mint(body.producerId), producerId: body.producerId });
}
