import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.ts';
import { S3UrlSigner } from '../../../functions/adapters/s3-url-signer.ts';

// AWS's documented example (S3 API reference, "Authenticating Requests: Using Query Parameters").
const EXAMPLE_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

function exampleSigner(hostname = 'examplebucket.s3.amazonaws.com') {
  const s3 = new S3Client({ region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS });
  return new S3UrlSigner(s3, 'examplebucket', {
    hostname,
    now: () => new Date('2013-05-24T00:00:00Z'),
  });
}

describe('S3UrlSigner', () => {
  it("signs a GET exactly as AWS's documented example does", async () => {
    const url = new URL(await exampleSigner().downloadUrl('test.txt', { expiresInSeconds: 86_400 }));
    expect(url.origin + url.pathname).toBe('https://examplebucket.s3.amazonaws.com/test.txt');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request',
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('86400');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    );
  });

  it('signs the content length and type of an upload, so S3 refuses any other size', async () => {
    const ticket = await exampleSigner('bucket.s3.eu-west-1.amazonaws.com').uploadUrl(
      'uploads/huye-coop/cat-1/catalogue (v2).csv',
      { expiresInSeconds: 900, contentType: 'text/csv', contentLength: 1234 },
    );
    const url = new URL(ticket.url);
    expect(ticket.method).toBe('PUT');
    expect(url.pathname).toBe('/uploads/huye-coop/cat-1/catalogue%20%28v2%29.csv');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    // The browser sets Content-Length itself; the client is told the type it must send.
    expect(ticket.headers).toEqual({ 'content-type': 'text/csv' });
  });

  it('signs a different URL for a different size', async () => {
    const signer = exampleSigner();
    const one = await signer.uploadUrl('uploads/p1/cat-1/a.csv', { expiresInSeconds: 900, contentLength: 1 });
    const two = await signer.uploadUrl('uploads/p1/cat-1/a.csv', { expiresInSeconds: 900, contentLength: 2 });
    expect(new URL(one.url).searchParams.get('X-Amz-Signature')).not.toBe(
      new URL(two.url).searchParams.get('X-Amz-Signature'),
    );
  });
});

describe('S3ObjectStore.stream', () => {
  const s3 = mockClient(S3Client);
  afterEach(() => s3.reset());

  it('reads the pinned version (IfMatch) as a stream of chunks', async () => {
    const { Readable } = await import('node:stream');
    s3.on(GetObjectCommand).resolves({
      Body: Readable.from([Buffer.from('sku,'), Buffer.from('name\n')]) as never,
    });
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }), 'bucket');
    const stream = await store.stream('uploads/p1/cat-1/a.csv', '"etag-1"');
    const chunks: string[] = [];
    for await (const chunk of stream ?? []) chunks.push(Buffer.from(chunk).toString('utf8'));
    expect(chunks).toEqual(['sku,', 'name\n']);
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'bucket',
      Key: 'uploads/p1/cat-1/a.csv',
      IfMatch: '"etag-1"',
    });
  });

  it('answers null for a missing object', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('no such key'), { name: 'NoSuchKey' }));
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }), 'bucket');
    expect(await store.stream('uploads/p1/cat-1/a.csv')).toBeNull();
  });
});
