import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryJson, ReportSpool } from '../../../bin/commands/report-spool.ts';
import fxRatesFile from '../../../config/fx-rates.json' with { type: 'json' };
import { PRODUCT_CHANNELS } from '../../../functions/core/channels/registry.ts';
import { loadFxRates } from '../../../functions/core/money.ts';
import { type PreviewSink, previewCatalogue } from '../../../functions/core/preview/preview-catalogue.ts';
import { groupWarnings } from '../../../functions/core/preview/warning-groups.ts';
import { GOLDEN_GENERATED_AT, sampleProducers, samplesDir } from '../../support/golden-previews.ts';

let scratch: string | undefined;
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

const nullDocument = async () => ({ write: async () => {}, close: async () => {}, abort: async () => {} });

async function preview(file: string, producerId: string, sink?: PreviewSink) {
  return previewCatalogue(
    createReadStream(new URL(file, samplesDir)),
    { producerId, fileName: file },
    PRODUCT_CHANNELS,
    loadFxRates(fxRatesFile),
    nullDocument,
    GOLDEN_GENERATED_AT,
    sink,
  );
}

describe('report.json written from the spool', () => {
  it.each(sampleProducers())(
    'is the in-memory report with warnings grouped, for $producerId',
    async (sample) => {
      const inMemory = await preview(sample.file, sample.producerId);
      const expected = {
        ...inMemory,
        channels: Object.fromEntries(
          Object.entries(inMemory.channels).map(([id, channel]) => [
            id,
            {
              accepted: channel.accepted,
              rejected: channel.rejected,
              warnings: groupWarnings(channel.warnings),
              documents: channel.documents,
            },
          ]),
        ),
      };
      scratch = await mkdtemp(join(tmpdir(), 'feedbridge-spool-'));
      const spool = await ReportSpool.create(join(scratch, 'spool'));
      const spooled = await preview(sample.file, sample.producerId, spool);
      // The spool took the row issues: the report object carries none of them itself.
      expect(spooled.errors).toEqual([]);
      expect(spooled.rowWarnings).toEqual([]);
      expect(spool.rowIssueCounts()).toEqual({
        errors: inMemory.errors.length,
        warnings: inMemory.rowWarnings.length,
      });
      await spool.writeReport(spooled, join(scratch, 'report.json'));
      expect(await readFile(join(scratch, 'report.json'), 'utf8')).toBe(
        `${JSON.stringify(expected, null, 2)}\n`,
      );
    },
  );
});

describe('entryJson, one spooled entry', () => {
  it('writes a finding as JSON.stringify(finding, null, 2) does, indented', () => {
    const finding = { sku: 'BN-1', code: 'HS_CODE_MISSING', field: 'hsCode', message: 'No "HS" code' };
    expect(entryJson(finding, '  ')).toBe(
      '  {\n    "sku": "BN-1",\n    "code": "HS_CODE_MISSING",\n    "field": "hsCode",\n    "message": "No \\"HS\\" code"\n  }',
    );
    expect(entryJson('BN-1', '    ')).toBe('    "BN-1"');
  });

  it.each([
    ['a SKU with escapes', 'a"b\\c\nd\u2028\ud800'],
    ['text with line breaks and Chinese', { sku: 'T-1', message: '第一行\n第二行\t"引号"' }],
    ['a member left undefined', { sku: 'T-1', field: undefined, code: 'X' }],
    ['only undefined members', { field: undefined }],
    ['an empty object', {}],
    ['keys that need escaping, integer-like keys first', { 'b"k': 'v', '10': 'ten', '2': 'two' }],
    ['a number member (row issues carry their row)', { row: 12, code: 'PRICE_INVALID', field: 'price' }],
    ['a nested object', { sku: 'T-1', detail: { a: ['x', 1] } }],
    ['an array', ['a', 'b']],
    ['a date', new Date(Date.UTC(2026, 11, 2))],
    ['null', null],
    ['an object without prototype', Object.assign(Object.create(null), { sku: 'N-1' })],
  ])('writes %s as the pretty printer does', (_name, value) => {
    const pad = ' '.repeat(8);
    expect(entryJson(value, pad)).toBe(pad + JSON.stringify(value, null, 2).replaceAll('\n', `\n${pad}`));
  });
});
