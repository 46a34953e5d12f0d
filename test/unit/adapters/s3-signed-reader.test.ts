import { describe, expect, it } from 'vitest';
import { S3ReadError, S3SignedReader } from '../../../functions/adapters/s3-signed-reader.ts';
import { S3UrlSigner } from '../../../functions/adapters/s3-url-signer.ts';

/** Any SDK client's resolved config has these two; the reader signs with them. */
const IDENTITY = {
  config: {
    credentials: async () => ({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      sessionToken: 'session-token-of-the-role',
    }),
    region: async () => 'eu-west-1',
  },
};

const S3_ERROR = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>m</Message><RequestId>R</RequestId></Error>`;

/** A fetch answering each call with the next of `answers`; it records the URLs it was given. */
function scriptedFetch(answers: (Response | Error)[]) {
  const urls: URL[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    urls.push(new URL(String(input)));
    const answer = answers.shift();
    if (answer === undefined) throw new Error('more requests than the test scripted');
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof fetch;
  return { fetchImpl, urls };
}

function reader(answers: (Response | Error)[], maxAttempts = 3) {
  const script = scriptedFetch(answers);
  const sleeps: number[] = [];
  const instance = new S3SignedReader(new S3UrlSigner(IDENTITY, 'feedbridge-feeds'), {
    fetch: script.fetchImpl,
    maxAttempts,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return { instance, urls: script.urls, sleeps };
}

describe('S3SignedReader', () => {
  it("GETs the object by a URL SigV4-signed with the identity's credentials, region and session token", async () => {
    const { instance, urls } = reader([new Response('{"rows":3}')]);
    const bytes = await instance.get('reports/huye-coop/cat 1.json');
    expect(new TextDecoder().decode(bytes ?? new Uint8Array())).toBe('{"rows":3}');
    const [url] = urls;
    expect(url?.origin).toBe('https://feedbridge-feeds.s3.eu-west-1.amazonaws.com');
    expect(url?.pathname).toBe('/reports/huye-coop/cat%201.json');
    expect(url?.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url?.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request$/,
    );
    expect(url?.searchParams.get('X-Amz-Security-Token')).toBe('session-token-of-the-role');
    expect(url?.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(url?.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
  });

  it('answers null for no such key, and an empty object as empty bytes', async () => {
    const missing = reader([new Response(S3_ERROR('NoSuchKey'), { status: 404 })]);
    expect(await missing.instance.get('reports/none.json')).toBeNull();
    expect(missing.urls).toHaveLength(1);
    const empty = reader([new Response(null, { status: 200 })]);
    expect(await empty.instance.get('reports/empty.json')).toEqual(new Uint8Array());
  });

  it('retries throttling, a 5xx and a dropped connection with growing jittered waits, signing each attempt anew', async () => {
    const { instance, urls, sleeps } = reader(
      [
        new Response(S3_ERROR('SlowDown'), { status: 503 }),
        new TypeError('fetch failed'),
        new Response('report'),
      ],
      3,
    );
    expect(new TextDecoder().decode((await instance.get('reports/r.json')) ?? undefined)).toBe('report');
    expect(urls).toHaveLength(3);
    // Full jitter at 0.5 of a ceiling that doubles from 100 ms.
    expect(sleeps).toEqual([50, 100]);
  });

  it('gives up after its attempts with the last failure, S3 code and status in it', async () => {
    const { instance, urls } = reader(
      [
        new Response(S3_ERROR('InternalError'), { status: 500 }),
        new Response(S3_ERROR('InternalError'), { status: 500 }),
      ],
      2,
    );
    const error = await instance.get('reports/r.json').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(S3ReadError);
    expect(error).toMatchObject({ status: 500, s3Code: 'InternalError', key: 'reports/r.json' });
    expect(urls).toHaveLength(2);
  });

  it('does not retry a refusal, and a 403 is an error, never "absent" (it would hide a missing permission)', async () => {
    const { instance, urls } = reader([new Response(S3_ERROR('AccessDenied'), { status: 403 })]);
    await expect(instance.get('reports/r.json')).rejects.toMatchObject({
      status: 403,
      s3Code: 'AccessDenied',
    });
    expect(urls).toHaveLength(1);
  });

  it('refuses a key it would not store before any request', async () => {
    const { instance, urls } = reader([]);
    await expect(instance.get('../etc/passwd')).rejects.toThrow();
    expect(urls).toHaveLength(0);
  });
});
