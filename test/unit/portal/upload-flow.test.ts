import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../../portal/src/api/client.ts';
import {
  formatOfFileName,
  type Transfer,
  type UploadProgress,
  uploadCatalogue,
} from '../../../portal/src/api/upload-flow.ts';
import { fakeFetch } from './fake-fetch.ts';

const file = Object.assign(new Blob(['sku,name\nA,B\n'], { type: 'text/csv' }), { name: 'catalogue.csv' });

function setup(answers: Parameters<typeof fakeFetch>[0], transferAnswer: { status: number; body: string }) {
  const fake = fakeFetch(answers);
  const api = createApiClient({ fetch: fake.fetch, token: () => 'tok', language: () => 'rw' });
  const transfers: Parameters<Transfer>[0][] = [];
  const transfer: Transfer = async (request) => {
    transfers.push(request);
    request.onProgress(5, 10);
    request.onProgress(10, 10);
    return transferAnswer;
  };
  const progress: UploadProgress[] = [];
  const deps = { api, transfer, onProgress: (p: UploadProgress) => progress.push(p), sleep: async () => {} };
  return { deps, transfers, progress, requests: fake.requests };
}

describe('uploading a catalogue', () => {
  it('PUTs the file to the presigned URL with exactly its headers, then polls until DONE', async () => {
    const { deps, transfers, progress, requests } = setup(
      {
        'POST /producers/p1/uploads': {
          status: 201,
          body: {
            uploadId: 'up-1',
            catalogueId: 'cat-1',
            url: 'https://bucket.s3.example/uploads/p1/up-1?X-Amz-Signature=abc',
            method: 'PUT',
            headers: { 'content-type': 'text/csv' },
            expiresAt: '2026-06-01T10:15:00Z',
          },
        },
        'GET /producers/p1/catalogues/cat-1': [
          { status: 200, body: { catalogueId: 'cat-1', status: 'AWAITING_UPLOAD' } },
          { status: 200, body: { catalogueId: 'cat-1', status: 'PROCESSING', rowsRead: 120 } },
          {
            status: 200,
            body: { catalogueId: 'cat-1', status: 'DONE', rows: { total: 1, accepted: 1, rejected: 0 } },
          },
        ],
      },
      { status: 200, body: '' },
    );
    const report = await uploadCatalogue({ producerId: 'p1', file, mode: 'delta' }, deps);
    expect(report.status).toBe('DONE');
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      fileName: 'catalogue.csv',
      mode: 'delta',
      size: file.size,
    });
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({
      method: 'PUT',
      url: 'https://bucket.s3.example/uploads/p1/up-1?X-Amz-Signature=abc',
      headers: { 'content-type': 'text/csv' },
    });
    expect(progress).toEqual([
      { phase: 'transfer', sentBytes: 5, totalBytes: 10 },
      { phase: 'transfer', sentBytes: 10, totalBytes: 10 },
      { phase: 'processing', rowsRead: null },
      { phase: 'processing', rowsRead: null },
      { phase: 'processing', rowsRead: 120 },
    ]);
  });

  it('falls back to the direct route on a server that has no upload route yet', async () => {
    const { deps, transfers } = setup(
      {
        'POST /producers/p1/uploads': {
          status: 404,
          body: { error: { code: 'ROUTE_NOT_FOUND', message: 'no route' } },
        },
        'GET /producers/p1/catalogues/cat-9': {
          status: 200,
          body: { catalogueId: 'cat-9', errors: [], warnings: [] },
        },
      },
      { status: 202, body: JSON.stringify({ catalogueId: 'cat-9', status: 'DONE' }) },
    );
    const report = await uploadCatalogue({ producerId: 'p1', file, format: 'csv', mode: 'full' }, deps);
    expect(report.catalogueId).toBe('cat-9');
    expect(transfers[0]).toMatchObject({
      method: 'POST',
      url: '/producers/p1/catalogues?format=csv&mode=full&fileName=catalogue.csv',
      headers: { authorization: 'Bearer tok', 'accept-language': 'rw', 'content-type': 'text/csv' },
    });
  });

  it('refuses with the API code when the direct route refuses the file', async () => {
    const { deps } = setup(
      {
        'POST /producers/p1/uploads': {
          status: 405,
          body: { error: { code: 'METHOD_NOT_ALLOWED', message: 'x' } },
        },
      },
      {
        status: 422,
        body: JSON.stringify({ error: { code: 'CSV_MALFORMED', message: 'unclosed quote', line: 4 } }),
      },
    );
    await expect(uploadCatalogue({ producerId: 'p1', file, mode: 'full' }, deps)).rejects.toMatchObject({
      status: 422,
      code: 'CSV_MALFORMED',
    });
  });

  it('does not fall back when the upload route exists but refuses', async () => {
    const { deps, transfers } = setup(
      {
        'POST /producers/p1/uploads': {
          status: 409,
          body: { error: { code: 'UPLOAD_IN_PROGRESS', message: 'another upload is being written' } },
        },
      },
      { status: 200, body: '' },
    );
    await expect(uploadCatalogue({ producerId: 'p1', file, mode: 'full' }, deps)).rejects.toMatchObject({
      code: 'UPLOAD_IN_PROGRESS',
    });
    expect(transfers).toHaveLength(0);
  });

  it('reports a refused PUT (an expired URL) rather than falling back', async () => {
    const { deps, transfers } = setup(
      {
        'POST /producers/p1/uploads': {
          status: 201,
          body: {
            uploadId: 'u',
            catalogueId: 'c',
            url: 'https://s3/x',
            method: 'PUT',
            headers: {},
            expiresAt: '',
          },
        },
      },
      { status: 403, body: '<Error><Code>AccessDenied</Code></Error>' },
    );
    await expect(uploadCatalogue({ producerId: 'p1', file, mode: 'full' }, deps)).rejects.toMatchObject({
      status: 403,
      code: null,
    });
    expect(transfers).toHaveLength(1);
  });

  it.each([
    ['catalogue.CSV', 'csv'],
    ['produits.tsv', 'tsv'],
    ['Ibicuruzwa.xlsx', 'xlsx'],
    ['feed.xml', 'xml'],
    ['export.json', 'json'],
    ['unicode-text.txt', undefined],
    ['no-extension', undefined],
  ])('tells the format of %s: %s', (name, format) => {
    expect(formatOfFileName(name)).toBe(format);
  });
});
