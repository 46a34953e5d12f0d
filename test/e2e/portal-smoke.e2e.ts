import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserSession,
  expectAccessibleAndNarrow,
  launchBrowser,
  PHONE_VIEWPORT,
  servePortal,
  snapshot,
  watchPage,
} from './browser.ts';
import { type StubAnswer, stubApi, stubToken } from './stub-api.ts';

/**
 * Smoke test of the portal in Debian's Chromium at a 360 px viewport against a stub API (the real
 * routes land in phase B): sign in, upload with progress, the report in French, a column mapped
 * and saved, read again, the channels and an item card, the findings CSV; axe and console clean.
 */
const PRODUCER = 'huye-mountain-coffee';
const P = `/producers/${PRODUCER}`;

const report = (catalogueId: string, status: string) => ({
  producerId: PRODUCER,
  catalogueId,
  status,
  fileName: 'produits.csv',
  origin: 'upload',
  receivedAt: '2026-06-01T08:00:00Z',
  mode: 'full',
  format: 'csv',
  encoding: 'utf-8',
  rows: { total: 4, accepted: 2, rejected: 2, skipped: 0 },
  changes: { created: 2, updated: 0, unchanged: 0, delisted: 0 },
  errors: [],
  warnings: [],
  errorCount: 2,
  warningCount: 1,
  findingsTruncated: false,
  source: 'table',
  headerRow: 1,
  columns: [
    { index: 0, header: 'Réf.', field: 'sku', via: 'alias', suggestions: [] },
    { index: 1, header: 'Prix (RWF)', field: 'price', via: 'alias', suggestions: [] },
    { index: 2, header: 'Qté dispo', field: null, via: 'unknown', suggestions: ['stock'] },
  ],
  profileVersion: 0,
  channels: {
    'tmall-global': {
      items: [
        {
          sku: 'HU-001',
          state: 'SYNCED',
          reasons: [],
          warnings: [{ code: 'IMAGES_MISSING', field: 'images', message: 'no image' }],
          updatedAt: '2026-06-01T08:01:00Z',
        },
      ],
    },
  },
  nextCursor: null,
});

const findings = {
  items: [
    {
      row: 3,
      sku: 'HU-002',
      field: 'price',
      code: 'NUMBER_INVALID',
      message: "'dix-huit mille' is not a number",
      severity: 'error',
    },
    { row: 4, sku: '=HU-003', field: 'sku', code: 'CELL_FORMULA', message: 'formula', severity: 'error' },
    {
      row: null,
      sku: null,
      field: 'Qté dispo',
      code: 'COLUMN_UNKNOWN',
      message: 'unknown column',
      severity: 'warning',
    },
  ],
  nextCursor: null,
  total: 3,
};

const counts = { PENDING: 0, SYNCED: 2, REJECTED: 1, FAILED: 0, DELISTED: 1 };

function routes(): Record<string, StubAnswer | (() => StubAnswer)> {
  const polls = ['AWAITING_UPLOAD', 'PROCESSING', 'DONE'];
  let profileVersion = 0;
  return {
    'POST /dev/sign-in': { status: 200, body: { token: stubToken(PRODUCER) } },
    [`POST ${P}/uploads`]: {
      status: 201,
      body: {
        uploadId: 'up-1',
        catalogueId: 'cat-1',
        url: '/stub-upload/up-1?signature=abc',
        method: 'PUT',
        headers: { 'content-type': 'text/csv' },
        expiresAt: '2026-06-01T08:15:00Z',
      },
    },
    'PUT /stub-upload/up-1': { status: 200, body: '' },
    [`GET ${P}/catalogues/cat-1`]: () => ({ status: 200, body: report('cat-1', polls.shift() ?? 'DONE') }),
    [`GET ${P}/catalogues/cat-2`]: { status: 200, body: report('cat-2', 'DONE') },
    [`GET ${P}/catalogues/cat-1/findings`]: { status: 200, body: findings },
    [`GET ${P}/catalogues/cat-2/findings`]: { status: 200, body: { items: [], nextCursor: null, total: 0 } },
    [`GET ${P}/profile`]: () => ({
      status: 200,
      body: {
        producerId: PRODUCER,
        version: profileVersion,
        updatedAt: null,
        profile: { defaults: {}, columns: {}, values: {} },
      },
    }),
    [`PUT ${P}/profile`]: () => {
      profileVersion += 1;
      return {
        status: 200,
        body: {
          producerId: PRODUCER,
          version: profileVersion,
          updatedAt: '2026-06-01T08:05:00Z',
          profile: { defaults: { currency: 'RWF' }, columns: { 'Qté dispo': 'stock' }, values: {} },
        },
      };
    },
    [`POST ${P}/catalogues/cat-1/reads`]: { status: 202, body: { catalogueId: 'cat-2', status: 'DONE' } },
    [`GET ${P}/catalogues`]: {
      status: 200,
      body: {
        items: [
          {
            catalogueId: 'cat-1',
            status: 'DONE',
            fileName: 'produits.csv',
            origin: 'upload',
            receivedAt: '2026-06-01T08:00:00Z',
            mode: 'full',
            format: 'csv',
            rows: { total: 4, accepted: 2, rejected: 2, skipped: 0 },
            changes: null,
            errorCount: 2,
            warningCount: 1,
          },
        ],
        nextCursor: null,
      },
    },
    [`GET ${P}/sync-status`]: {
      status: 200,
      body: {
        producerId: PRODUCER,
        channels: {
          'tmall-global': {
            counts,
            items: [
              {
                sku: 'HU-001',
                state: 'SYNCED',
                reasons: [],
                warnings: [],
                updatedAt: '2026-06-01T08:01:00Z',
              },
              {
                sku: 'HU-004',
                state: 'REJECTED',
                reasons: [{ code: 'HS_CODE_MISMATCH', field: 'hsCode', message: 'HS 0902 is tea' }],
                warnings: [],
                updatedAt: '2026-06-01T08:01:00Z',
              },
            ],
            nextCursor: null,
          },
        },
      },
    },
    [`GET ${P}/feeds`]: {
      status: 200,
      body: {
        feeds: [
          {
            channel: 'tmall-global',
            kind: 'full',
            path: `feeds/tmall-global/${PRODUCER}.json`,
            itemCount: 2,
            items: 2,
            bytes: 2048,
            contentType: 'application/json; charset=utf-8',
            generatedAt: '2026-06-01T08:02:00Z',
            downloadPath: `/producers/${PRODUCER}/feeds/tmall-global`,
          },
        ],
      },
    },
    [`GET ${P}/channels/tmall-global/items`]: {
      status: 200,
      body: {
        sku: 'HU-001',
        channel: 'tmall-global',
        state: 'SYNCED',
        reasons: [],
        warnings: [],
        updatedAt: '2026-06-01T08:01:00Z',
        item: {
          sku: 'HU-001',
          title: '卢旺达 胡耶 红波旁 水洗 生咖啡豆 1kg',
          titleEn: 'Huye Red Bourbon washed green coffee',
          skus: [
            { skuCode: 'HU-001', price: { minor: 13144, currency: 'CNY', formatted: '131.44' }, stock: 40 },
          ],
          images: [],
          shelfLifeDays: 365,
          certifications: [{ code: 'organic', label: 'Bio', nameZh: '有机' }],
        },
      },
    },
  };
}

let scratch: string;
let portal: { url: string; close(): Promise<void> };
let browser: BrowserSession;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'feedbridge-e2e-'));
  // A fresh dist directory: the first request builds the portal, as a fresh clone's serve does.
  portal = await servePortal(join(scratch, 'dist'));
  browser = await launchBrowser({ viewport: PHONE_VIEWPORT, locale: 'fr-FR' });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('portal in Chromium at 360 px, against a stub API', () => {
  it('signs in, uploads, reads the report in French, maps a column, reads again, follows a channel', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page);
    const calls = await stubApi(page, routes(), ['/stub-upload/']);

    await page.goto(portal.url);
    // The browser says French: the portal speaks French.
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await snapshot(page, 'sign-in-fr');
    await expectAccessibleAndNarrow(page);
    await page.getByLabel('Producteur').fill(PRODUCER);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    await page.getByRole('heading', { name: 'Envoyer un catalogue' }).waitFor();
    await expectAccessibleAndNarrow(page);
    // Drag and drop chooses the file too.
    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['sku,name\n'], 'glisse.csv', { type: 'text/csv' }));
      return transfer;
    });
    await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer: dropped });
    await page.getByText('glisse.csv (1 ko)').waitFor();
    const upload = Buffer.from('Réf.;Prix (RWF);Qté dispo\nHU-001;18000;40\n');
    await page.getByLabel('Fichier du catalogue').setInputFiles({
      name: 'produits.csv',
      mimeType: 'text/csv',
      buffer: upload,
    });
    await page.getByLabel('Delta : seulement les produits nouveaux ou modifiés').check();
    await snapshot(page, 'upload-fr');
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();

    await page.getByRole('heading', { name: 'Rapport : produits.csv' }).waitFor();
    expect(calls.find((call) => call.path === `${P}/uploads`)?.body).toBe(
      // The size in bytes: the upload URL is signed for exactly that many.
      JSON.stringify({ fileName: 'produits.csv', mode: 'delta', format: 'csv', size: upload.length }),
    );
    const put = calls.find((call) => call.path.startsWith('/stub-upload/'));
    expect(put).toMatchObject({
      method: 'PUT',
      headers: expect.objectContaining({ 'content-type': 'text/csv' }),
    });
    expect(put?.body).toContain('HU-001;18000;40');
    // The finding's message in French, from the code's catalogue sentence.
    await page
      .getByText("Ce n'est pas un nombre. Écrivez des chiffres, par exemple 1500 ou 12,50.")
      .waitFor();
    expect(
      calls.find((call) => call.path.startsWith(`${P}/catalogues/cat-1/findings`))?.headers[
        'accept-language'
      ],
    ).toBe('fr');
    await snapshot(page, 'report-fr');
    await expectAccessibleAndNarrow(page);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Télécharger ces constats (CSV)' }).click();
    const csv = await readFile((await (await download).path()) ?? '', 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFF"Ligne","SKU","Champ","Code","Type","Message"');
    expect(csv).toContain(`"4","'=HU-003","sku","CELL_FORMULA","Erreur"`);

    await page.getByLabel('Utiliser la colonne Qté dispo comme').selectOption('stock');
    await page.getByLabel('Devise').selectOption('RWF');
    await page.getByRole('button', { name: 'Enregistrer le profil' }).click();
    await page.getByText('Profil enregistré (version 1).').waitFor();
    const saved = calls.find((call) => call.method === 'PUT' && call.path === `${P}/profile`);
    expect(saved?.headers['if-match']).toBe('"0"');
    expect(JSON.parse(saved?.body ?? '{}')).toEqual({
      defaults: { currency: 'RWF' },
      columns: { 'Qté dispo': 'stock' },
      values: {},
    });

    await page.getByRole('button', { name: 'Relire ce fichier avec le profil enregistré' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/uploads/cat-2');

    await page.getByLabel('Langue').selectOption('rw');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('rw');
    await page.getByRole('link', { name: 'Imbuga' }).click();
    await page.getByRole('heading', { name: 'Imbuga', exact: true }).waitFor();
    await page.getByRole('table', { name: "Ibicuruzwa biri kuri tmall-global n'uko bihagaze" }).waitFor();
    await snapshot(page, 'channels-rw');
    await expectAccessibleAndNarrow(page);
    await page.getByRole('link', { name: 'Ibicuruzwa biri kuri tmall-global' }).click();
    await page.getByRole('link', { name: 'HU-001' }).click();
    await page.getByText('¥ 131.44').waitFor();
    await snapshot(page, 'item-rw');
    await expectAccessibleAndNarrow(page);

    await page.getByLabel('Ururimi').selectOption('en');
    await page.getByRole('link', { name: 'Earlier uploads' }).click();
    await page.getByRole('link', { name: /2026/ }).waitFor();
    await expectAccessibleAndNarrow(page);

    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('is usable by keyboard alone: sign-in by Tab and Enter', async () => {
    // A new visitor (fresh profile) whose browser says French.
    const visitor = await launchBrowser({ viewport: PHONE_VIEWPORT, locale: 'fr-FR' });
    try {
      const page = await visitor.context.newPage();
      const problems = watchPage(page);
      await stubApi(page, routes());
      await page.goto(portal.url);
      await page.getByLabel('Producteur').waitFor();
      // Skip link, language picker, then the producer field.
      for (let presses = 0; presses < 6; presses += 1) {
        if (await page.evaluate(() => document.activeElement?.id === 'producer')) break;
        await page.keyboard.press('Tab');
      }
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('producer');
      await page.keyboard.type(PRODUCER);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Envoyer un catalogue' }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await visitor.close();
    }
  }, 60_000);
});
