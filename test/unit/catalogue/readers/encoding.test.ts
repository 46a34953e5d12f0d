import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText, SNIFF_BYTES } from '../../../../functions/core/catalogue/readers/encoding.ts';
import { openCatalogue } from '../../../../functions/core/catalogue/readers/open-catalogue.ts';
import {
  failureOf,
  inChunks,
  macRoman,
  plainRecords,
  utf8,
  utf8Bom,
  utf16be,
  utf16le,
  windows1252,
} from './reader-helpers.ts';

const FRENCH = 'Référence;Désignation;Prix\r\nHMC-1;Café vert lavé;18 500\r\n';
const FRENCH_RECORDS = [
  {
    row: 2,
    fields: [
      ['Référence', 'HMC-1'],
      ['Désignation', 'Café vert lavé'],
      ['Prix', '18 500'],
    ],
  },
];

async function decodeAll(bytes: Uint8Array, chunkSize = 7): Promise<{ text: string; encoding: string }> {
  const decoded = decodeText(inChunks(bytes, chunkSize));
  const parts: string[] = [];
  for await (const part of decoded.text) parts.push(part);
  return { text: parts.join(''), encoding: decoded.encoding };
}

describe('text encodings', () => {
  it('reads UTF-8 without a BOM', async () => {
    const source = await openCatalogue(utf8(FRENCH));
    expect([source.format, await plainRecords(source), source.encoding]).toEqual([
      'csv',
      FRENCH_RECORDS,
      'utf-8',
    ]);
  });

  it('reads UTF-8 with a BOM and keeps it out of the first header', async () => {
    const source = await openCatalogue(utf8Bom(FRENCH));
    expect([await plainRecords(source), source.encoding]).toEqual([FRENCH_RECORDS, 'utf-8-bom']);
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text": tab-separated)', async () => {
    const source = await openCatalogue(utf16le('Kode\tIzina\r\nGT-1\t卢旺达红茶\r\n'));
    expect([source.format, await plainRecords(source), source.encoding]).toEqual([
      'tsv',
      [
        {
          row: 2,
          fields: [
            ['Kode', 'GT-1'],
            ['Izina', '卢旺达红茶'],
          ],
        },
      ],
      'utf-16le',
    ]);
  });

  it('reads UTF-16BE with a BOM', async () => {
    const source = await openCatalogue(utf16be(FRENCH));
    expect([await plainRecords(source), source.encoding]).toEqual([FRENCH_RECORDS, 'utf-16be']);
  });

  it('recognises UTF-16LE without a BOM by its NUL bytes', async () => {
    const source = await openCatalogue(utf16le(FRENCH, false));
    expect([await plainRecords(source), source.encoding]).toEqual([FRENCH_RECORDS, 'utf-16le']);
  });

  it.each([
    ['UTF-32LE', 'le', '\uFEFF'],
    ['UTF-32BE', 'be', '\uFEFF'],
    ['UTF-32LE', 'le', ''],
    ['UTF-32BE', 'be', ''],
  ] as const)(
    'refuses %s (BOM %j) as an encoding it does not read, not as binary data',
    async (name, order, bom) => {
      // What iconv -t UTF-32 writes (a four-byte BOM), and -t UTF-32LE / UTF-32BE (none): four bytes a character.
      const text = `${bom}${FRENCH}`;
      const bytes = Buffer.alloc(text.length * 4);
      for (let index = 0; index < text.length; index += 1) {
        const code = text.charCodeAt(index);
        if (order === 'le') bytes.writeUInt32LE(code, index * 4);
        else bytes.writeUInt32BE(code, index * 4);
      }
      const failure = await failureOf(async () =>
        plainRecords(await openCatalogue(bytes, { fileName: 'c.csv' })),
      );
      expect(failure).toEqual({
        code: 'ENCODING_UNREADABLE',
        line: 1,
        message: `The file is in ${name} (its bytes say so), which is not read; save it as "CSV UTF-8", or as "Unicode text" (UTF-16).`,
      });
    },
  );

  it('reads Mac Roman, Excel for Mac\'s "CSV (Macintosh)" (CR line ends), with its accents intact', async () => {
    const source = await openCatalogue(macRoman(FRENCH.replaceAll('\r\n', '\r')), { fileName: 'c.csv' });
    expect([await plainRecords(source), source.encoding]).toEqual([FRENCH_RECORDS, 'macintosh']);
    // Its one accent at the end of a word, among plain ASCII: still Mac Roman, not "cafŽ".
    const one = await openCatalogue(macRoman('sku;type\rA-1;café vert\r'), { fileName: 'c.csv' });
    expect([await plainRecords(one), one.encoding]).toEqual([
      [
        {
          row: 2,
          fields: [
            ['sku', 'A-1'],
            ['type', 'café vert'],
          ],
        },
      ],
      'macintosh',
    ]);
  });

  it.each([
    [
      'curly apostrophes',
      Buffer.from('sku;note\r\nA-1;don\x92t, l\x92origine\r\n', 'latin1'),
      'don’t, l’origine',
    ],
    [
      'a trade mark after a name',
      Buffer.from('sku;name\r\nA-1;Kivu\x99 coffee\r\n', 'latin1'),
      'Kivu™ coffee',
    ],
    [
      'œ beside its accents',
      Buffer.from('sku;name\r\nA-1;c\x9cur de caf\xe9, s\x9cur\r\n', 'latin1'),
      'cœur de café, sœur',
    ],
  ])('keeps Windows-1252 with %s', async (_, bytes, value) => {
    const source = await openCatalogue(bytes, { fileName: 'c.csv' });
    const [record] = await plainRecords(source);
    expect([record?.fields[1]?.[1], source.encoding]).toEqual([value, 'windows-1252']);
  });

  it('reads a Windows-1252 "CSV" from French Excel with its accents intact', async () => {
    const source = await openCatalogue(windows1252(FRENCH));
    expect([await plainRecords(source), source.encoding]).toEqual([FRENCH_RECORDS, 'windows-1252']);
  });

  it('decodes the bytes Windows-1252 gives its own characters (0x80-0x9F), on every Node', async () => {
    // What French Excel writes for "Café – l’arôme, 2 €… Ÿ": Node 20's TextDecoder made 0x80-0x9F
    // C1 controls, and the rows were refused as holding control characters.
    const bytes = Buffer.concat([
      Buffer.from('SKU;Name\r\nA-1;Caf', 'latin1'),
      Uint8Array.from([
        0xe9, 0x20, 0x96, 0x20, 0x6c, 0x92, 0x61, 0x72, 0xf4, 0x6d, 0x65, 0x2c, 0x20, 0x32, 0x20,
      ]),
      Uint8Array.from([0x80, 0x85, 0x20, 0x9f, 0x0d, 0x0a]),
    ]);
    expect(await decodeAll(bytes, 3)).toEqual({
      text: 'SKU;Name\r\nA-1;Café – l’arôme, 2 €… Ÿ\r\n',
      encoding: 'windows-1252',
    });
  });

  it('decodes characters split across chunk edges (1-byte chunks)', async () => {
    const text = 'Café;卢旺达;😀\n';
    expect(await decodeAll(utf8(text), 1)).toEqual({ text, encoding: 'utf-8' });
    expect(await decodeAll(utf16le(text), 1)).toEqual({ text, encoding: 'utf-16le' });
  });

  it('waits for the first non-ASCII byte when the first 64 KiB are plain ASCII', async () => {
    const ascii = `${'SKU;Name\n'}${'A-1;Plain name\n'.repeat(Math.ceil((SNIFF_BYTES * 2) / 15))}`;
    const legacy = await decodeAll(windows1252(`${ascii}A-2;Café\n`), 4096);
    const modern = await decodeAll(utf8(`${ascii}A-2;Café\n`), 4096);
    expect([legacy.encoding, legacy.text.endsWith('A-2;Café\n')]).toEqual(['windows-1252', true]);
    expect([modern.encoding, modern.text.endsWith('A-2;Café\n')]).toEqual(['utf-8', true]);
  });

  it('refuses UTF-8 that turns invalid after the first 64 KiB, with the approximate line', async () => {
    const lines = Math.ceil((SNIFF_BYTES * 2) / 16);
    const head = utf8(`SKU;Name\n${'A-1;Café vert\n'.repeat(lines)}`);
    const bytes = Buffer.concat([head, windows1252('A-2;Thé noir\n')]);
    const failure = await failureOf(() => decodeAll(bytes, 4096));
    expect([failure.code, failure.line]).toEqual(['ENCODING_UNREADABLE', lines + 2]);
  });

  it('refuses a file that mixes UTF-8 and Windows-1252 from the start', async () => {
    const bytes = Buffer.concat([utf8('SKU;Désignation\nA-1;Café\n'), windows1252('A-2;Thé\n')]);
    const failure = await failureOf(() => decodeAll(bytes));
    expect([failure.code, failure.line]).toEqual(['ENCODING_UNREADABLE', 3]);
  });

  it('refuses ASCII, then a Windows-1252 byte, then UTF-8, at the line of the UTF-8', async () => {
    // Two exports pasted together: the older one from French Excel, the newer saved as "CSV UTF-8".
    const bytes = Buffer.concat([
      utf8('SKU;Name\nA-1;Plain\n'),
      windows1252('A-2;Thé noir\nA-3;Sans accent\n'),
      utf8('A-4;Café vert\n'),
    ]);
    for (const size of [bytes.length, 7, 1]) {
      const failure = await failureOf(() => decodeAll(bytes, size));
      expect([failure.code, failure.line, failure.message]).toEqual([
        'ENCODING_UNREADABLE',
        5,
        'The file reads as Windows-1252 but line 5 holds UTF-8 text; it mixes two encodings. Save it again as "CSV UTF-8".',
      ]);
    }
  });

  it('refuses UTF-8 appearing far past the window that chose Windows-1252', async () => {
    const rows = Math.ceil((SNIFF_BYTES * 3) / 16);
    const bytes = Buffer.concat([
      windows1252(`SKU;Désignation\n${'A-1;Café vert\n'.repeat(rows)}`),
      utf8('A-2;Café vert\n'),
    ]);
    const failure = await failureOf(() => decodeAll(bytes, 4096));
    expect([failure.code, failure.line]).toEqual(['ENCODING_UNREADABLE', rows + 2]);
  });

  it('refuses UTF-8 after a Windows-1252 byte that itself comes after 64 KiB of ASCII', async () => {
    const ascii = 'A-1;Plain name\n'.repeat(Math.ceil((SNIFF_BYTES * 2) / 15));
    const lines = 1 + Math.ceil((SNIFF_BYTES * 2) / 15);
    const legacy = windows1252(`A-2;Thé\n${'A-3;Plain\n'.repeat(8000)}`);
    const bytes = Buffer.concat([utf8(`SKU;Name\n${ascii}`), legacy, utf8('A-4;Café\n')]);
    const failure = await failureOf(() => decodeAll(bytes, 4096));
    expect([failure.code, failure.line]).toEqual(['ENCODING_UNREADABLE', lines + 8002]);
  });

  it('still reads genuine Windows-1252 French text: the Huye sample', async () => {
    const bytes = readFileSync(new URL('../../../../samples/huye-mountain-coffee.csv', import.meta.url));
    const { text, encoding } = await decodeAll(bytes, 1);
    expect([encoding, text.includes('Coopérative Maraba'), text.includes('Ã')]).toEqual([
      'windows-1252',
      true,
      false,
    ]);
  });

  it('refuses binary garbage with NUL bytes', async () => {
    const garbage = Buffer.from([0x53, 0x4b, 0x55, 0x0a, 0x00, 0x13, 0x9f, 0x00, 0x00, 0x01, 0xc8, 0x07]);
    const failure = await failureOf(async () =>
      (await openCatalogue(garbage)).records[Symbol.asyncIterator]().next(),
    );
    expect([failure.code, failure.line]).toEqual(['BINARY_CONTENT', 2]);
  });

  it('refuses text that is mostly control characters even without NUL', async () => {
    const bytes = Buffer.from(
      Array.from({ length: 400 }, (_, index) => (index % 3 === 0 ? 0x41 : 0x01 + (index % 7))),
    );
    const failure = await failureOf(() => decodeAll(bytes));
    expect(failure.code).toBe('BINARY_CONTENT');
  });
});
