import 'aws-sdk-client-mock-vitest/extend';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type UploadPartCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidObjectKeyError, ObjectWriterClosedError } from '../../../functions/adapters/object-store.ts';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.ts';

const BUCKET = 'feedbridge-feeds';
const MIB = 1024 * 1024;
const s3Mock = mockClient(S3Client);
const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const store = new S3ObjectStore(s3, BUCKET);

afterEach(() => {
  s3Mock.reset();
});

/** What the SDK hands back as GetObject's Body in Node: a stream with the transform helpers. */
function bodyOf(bytes: Uint8Array): GetObjectCommandOutput['Body'] {
  return Object.assign(Readable.from([bytes]), {
    transformToByteArray: async () => bytes,
    transformToString: async () => Buffer.from(bytes).toString('utf8'),
    transformToWebStream: (): never => {
      throw new Error('not used');
    },
  });
}

const asText = (body: unknown): string => {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  throw new Error(`unexpected body ${typeof body}`);
};

const notFound = () => new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });

async function listAll(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list(prefix)) keys.push(key);
  return keys;
}

describe('S3ObjectStore', () => {
  it('puts with the content type', async () => {
    s3Mock.on(PutObjectCommand).resolves({});
    await store.put('reports/coop-1/cat-1.json', '{"ok":true}', 'application/json');
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(PutObjectCommand, {
      Bucket: BUCKET,
      Key: 'reports/coop-1/cat-1.json',
      Body: '{"ok":true}',
      ContentType: 'application/json',
    });
  });

  it('gets the bytes, or null for NoSuchKey', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    s3Mock
      .on(GetObjectCommand, { Key: 'there' })
      .resolves({ Body: bodyOf(bytes) })
      .on(GetObjectCommand, { Key: 'gone' })
      .rejects(
        new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }),
      );

    expect(await store.get('there')).toEqual(bytes);
    expect(await store.get('gone')).toBeNull();
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: BUCKET, Key: 'there' });
  });

  it('checks existence with HeadObject: NotFound is false, other errors propagate', async () => {
    const forbidden = new S3ServiceException({
      name: 'Forbidden',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: 'Forbidden',
    });
    s3Mock
      .on(HeadObjectCommand, { Key: 'there' })
      .resolves({ ContentLength: 3 })
      .on(HeadObjectCommand, { Key: 'gone' })
      .rejects(notFound())
      .on(HeadObjectCommand, { Key: 'secret' })
      .rejects(forbidden);

    expect(await store.exists('there')).toBe(true);
    expect(await store.exists('gone')).toBe(false);
    await expect(store.exists('secret')).rejects.toThrow('Forbidden');
    expect(s3Mock).toHaveReceivedCommandTimes(HeadObjectCommand, 3);
  });

  it('lists every page of ListObjectsV2', async () => {
    s3Mock
      .on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'feeds/a.json' }, { Key: 'feeds/b.json' }],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .resolvesOnce({ Contents: [{ Key: 'feeds/c.json' }], IsTruncated: false });

    expect(await listAll('feeds/')).toEqual(['feeds/a.json', 'feeds/b.json', 'feeds/c.json']);
    expect(s3Mock).toHaveReceivedCommandTimes(ListObjectsV2Command, 2);
    expect(s3Mock).toHaveReceivedNthCommandWith(ListObjectsV2Command, 1, {
      Bucket: BUCKET,
      Prefix: 'feeds/',
    });
    expect(s3Mock).toHaveReceivedNthCommandWith(ListObjectsV2Command, 2, {
      Bucket: BUCKET,
      Prefix: 'feeds/',
      ContinuationToken: 'page-2',
    });
  });

  it('refuses the same keys as the local store, without calling S3', async () => {
    await expect(store.put('../x', 'x')).rejects.toThrow(InvalidObjectKeyError);
    await expect(store.get('/abs')).rejects.toThrow(InvalidObjectKeyError);
    await expect(store.exists('a\\b')).rejects.toThrow(InvalidObjectKeyError);
    await expect(store.openWriter('a/../b')).rejects.toThrow(InvalidObjectKeyError);
    await expect(listAll('..')).rejects.toThrow(InvalidObjectKeyError);
    expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 0);
  });

  describe('openWriter (lib-storage Upload over a stream)', () => {
    it('sends a small document as one PutObject, on close', async () => {
      s3Mock.on(PutObjectCommand).resolves({ ETag: '"e"' });
      const writer = await store.openWriter('feeds/freshippo/coop-1.xml', 'application/xml');
      await writer.write('<items>');
      await writer.write(new TextEncoder().encode('<item/>'));
      await writer.write('</items>');
      expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 0);
      await writer.close();

      expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 1);
      const input: PutObjectCommandInput = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input ?? {
        Bucket: '',
        Key: '',
      };
      expect(input).toMatchObject({
        Bucket: BUCKET,
        Key: 'feeds/freshippo/coop-1.xml',
        ContentType: 'application/xml',
      });
      expect(asText(input.Body)).toBe('<items><item/></items>');
      expect(s3Mock).toHaveReceivedCommandTimes(CreateMultipartUploadCommand, 0);
    });

    it('streams a large document as a multipart upload', async () => {
      s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
      s3Mock
        .on(UploadPartCommand)
        .callsFake((input: UploadPartCommandInput) => ({ ETag: `"part-${input.PartNumber}"` }));
      s3Mock.on(CompleteMultipartUploadCommand).resolves({});

      const writer = await store.openWriter('feeds/tmall-global/big.json', 'application/json');
      const chunk = 'x'.repeat(64 * 1024);
      for (let written = 0; written < 6 * MIB; written += chunk.length) await writer.write(chunk);
      await writer.close();

      expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 0);
      expect(s3Mock).toHaveReceivedCommandWith(CreateMultipartUploadCommand, {
        Bucket: BUCKET,
        Key: 'feeds/tmall-global/big.json',
        ContentType: 'application/json',
      });
      const parts = s3Mock.commandCalls(UploadPartCommand).map((call) => call.args[0].input);
      expect(parts.map((part) => [part.PartNumber, part.UploadId])).toEqual([
        [1, 'upload-1'],
        [2, 'upload-1'],
      ]);
      const sizes = parts.map((part) => (part.Body instanceof Uint8Array ? part.Body.byteLength : -1));
      expect(sizes).toEqual([5 * MIB, 1 * MIB]);
      expect(s3Mock).toHaveReceivedCommandWith(CompleteMultipartUploadCommand, {
        UploadId: 'upload-1',
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: '"part-1"' },
            { PartNumber: 2, ETag: '"part-2"' },
          ],
        },
      });
    });

    it('abort before any part is sent uploads nothing', async () => {
      s3Mock.on(PutObjectCommand).resolves({});
      const writer = await store.openWriter('feeds/x.xml');
      await writer.write('<partial');
      await writer.abort();

      expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 0);
      expect(s3Mock).toHaveReceivedCommandTimes(CreateMultipartUploadCommand, 0);
      await expect(writer.write('more')).rejects.toThrow(ObjectWriterClosedError);
      await expect(writer.close()).rejects.toThrow(ObjectWriterClosedError);
    });

    it('abort after a multipart upload started aborts it, leaving no parts behind', async () => {
      s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-2' });
      s3Mock.on(UploadPartCommand).resolves({ ETag: '"p"' });
      s3Mock.on(AbortMultipartUploadCommand).resolves({});

      const writer = await store.openWriter('feeds/big.json');
      const chunk = 'y'.repeat(64 * 1024);
      for (let written = 0; written < 6 * MIB; written += chunk.length) await writer.write(chunk);
      await vi.waitFor(() => expect(s3Mock).toHaveReceivedCommandTimes(CreateMultipartUploadCommand, 1));
      await writer.abort();

      expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(AbortMultipartUploadCommand, {
        Bucket: BUCKET,
        Key: 'feeds/big.json',
        UploadId: 'upload-2',
      });
      expect(s3Mock).toHaveReceivedCommandTimes(CompleteMultipartUploadCommand, 0);
    });

    it('surfaces an upload failure from close', async () => {
      s3Mock.on(PutObjectCommand).rejects(new Error('AccessDenied'));
      const writer = await store.openWriter('feeds/denied.xml');
      await writer.write('<x/>');
      await expect(writer.close()).rejects.toThrow('AccessDenied');
    });

    it('surfaces a failed part from close and aborts the multipart upload', async () => {
      s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-3' });
      s3Mock.on(UploadPartCommand).rejects(new Error('SlowDown'));
      s3Mock.on(AbortMultipartUploadCommand).resolves({});

      const writer = await store.openWriter('feeds/big.json');
      const chunk = 'z'.repeat(64 * 1024);
      const writing = async () => {
        for (let written = 0; written < 6 * MIB; written += chunk.length) await writer.write(chunk);
        await writer.close();
      };
      await expect(writing()).rejects.toThrow('SlowDown');
      expect(s3Mock).toHaveReceivedCommandWith(AbortMultipartUploadCommand, { UploadId: 'upload-3' });
      expect(s3Mock).toHaveReceivedCommandTimes(CompleteMultipartUploadCommand, 0);
    });
  });
});
