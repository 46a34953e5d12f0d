import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayNumber, isoDateOf } from '../../functions/core/iso-dates.ts';
import { rwandaDate } from '../../functions/wiring/rwanda-date.ts';
import { createLambdaContext } from '../../local/lambda-context.ts';
import { createSyncQueuePoller } from '../../local/sync-queue-poller.ts';
import { fliggyValidators } from '../support/schema-validators.ts';
import {
  getJson,
  requestUpload,
  type Ticket,
  useUploadHarness,
  waitForCatalogue,
} from '../support/upload-api.ts';

/*
 * Issue 15, "npm start and serve sync tours end to end": a tour operator's CSV, French headers and
 * departures in a cell, through the routes serve runs (upload ticket, PUT to the signed URL, the
 * asynchronous ingest, the worker, the scheduled sync, feeds and items) with the real tour reader.
 * Departures are relative to the day the test runs (the handlers read the real clock).
 */

const OPERATOR = 'kivu-lake-tours';
const today = rwandaDate(new Date());
const dayFirst = (offset: number) => {
  const [year, month, day] = isoDateOf(dayNumber(today) + offset).split('-');
  return `${day}/${month}/${year}`;
};
const isoIn = (offset: number) => isoDateOf(dayNumber(today) + offset);

const CATALOGUE = [
  'Kivu Lake Tours — circuits;;;;;;;;;;;;;;',
  'Code circuit;Nom (FR);Catégorie;Destinations;Lieu de départ;Durée;Taille du groupe;Devise;Prix adulte;Départs;Places;Réservation avant;Confirmation;Annulation;Photos',
  `KLT-BOAT;Croisière sur le lac Kivu;Lac;Lac Kivu;Rubavu;4 heures;2-10;USD;120;"${dayFirst(10)}; ${dayFirst(17)}";6;1 jour avant;Immédiate;30 jours : 100 %;https://cdn.kivu-lake-tours.example/boat.jpg`,
  `KLT-WEEK;Croisière longue;Lac;Lac Kivu;Rubavu;une semaine;2-10;USD;120;${dayFirst(10)};6;1 jour avant;Immédiate;;`,
].join('\r\n');

const env = useUploadHarness('tours-http', { extraEnv: { CHANNELS: 'tmall-global,freshippo,fliggy' } });

describe('a tour catalogue through the upload route', () => {
  it('is read as tours, synced to fliggy only, and published with its price calendar in fen', async () => {
    const body = Buffer.from(`\uFEFF${CATALOGUE}`, 'utf8');
    const ticket = await requestUpload(env.api.baseUrl, OPERATOR, {
      fileName: 'circuits.csv',
      size: body.byteLength,
    });
    expect(ticket.status).toBe(201);
    const { url, method, headers, catalogueId } = ticket.json as Ticket;
    const put = await fetch(url, { method, headers, body });
    expect(put.status).toBe(200);
    const catalogue = await waitForCatalogue(env.api.baseUrl, OPERATOR, catalogueId);
    expect(catalogue).toMatchObject({
      status: 'DONE',
      offeringKind: 'tour',
      rows: { total: 2, accepted: 1, rejected: 1 },
    });
    const findings = await getJson(
      env.api.baseUrl,
      OPERATOR,
      `/producers/${OPERATOR}/catalogues/${catalogueId}/findings`,
    );
    expect(findings.json.items.map(({ sku, field, code }) => ({ sku, field, code }))).toEqual([
      { sku: 'KLT-WEEK', field: 'duration', code: 'TOUR_DURATION_INVALID' },
    ]);

    await createSyncQueuePoller(env.stack, env.functions.syncWorker, { maxBatchingWindowMs: 0 }).drain({
      timeoutMs: 30_000,
    });
    const onFliggy = await getJson(
      env.api.baseUrl,
      OPERATOR,
      `/producers/${OPERATOR}/channels/fliggy/items?sku=KLT-BOAT`,
    );
    expect(onFliggy.json).toMatchObject({ sku: 'KLT-BOAT', channel: 'fliggy', state: 'SYNCED' });
    // Product channels never see a tour.
    const onTmall = await getJson(
      env.api.baseUrl,
      OPERATOR,
      `/producers/${OPERATOR}/channels/tmall-global/items?sku=KLT-BOAT`,
    );
    expect(onTmall.status).toBe(404);

    await env.functions.scheduledSync(createLambdaContext({ functionName: 'scheduled-sync' }));
    const feeds = await getJson(env.api.baseUrl, OPERATOR, `/producers/${OPERATOR}/feeds`);
    const listed = feeds.json.feeds as { channel: string; path: string; itemCount: number }[];
    expect(listed.map(({ channel, itemCount }) => ({ channel, itemCount }))).toEqual([
      { channel: 'fliggy', itemCount: 1 },
    ]);
    const document = JSON.parse(await readFile(join(env.dir, listed[0]?.path ?? ''), 'utf8'));
    expect(fliggyValidators().document(document)).toEqual([]);
    // USD 120 x 7.1050 (config/fx-rates.json) = CNY 852.60 = 85,260 fen, on each of the two dates.
    expect(
      document.items[0].calendar.map((entry: { date: string; seats: number; adult: number }) => [
        entry.date,
        entry.seats,
        entry.adult,
      ]),
    ).toEqual([
      [isoIn(10), 6, 85260],
      [isoIn(17), 6, 85260],
    ]);
  }, 120_000);
});
