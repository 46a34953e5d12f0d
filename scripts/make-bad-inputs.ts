/**
 * Writes the bad-input corpus (test/fixtures/bad-inputs) and its manifest, deterministically: the
 * binary and oversized cases cannot be kept readable in the repository, so this script is their source.
 * Run `npx tsx scripts/make-bad-inputs.ts` after changing a case; the files are committed.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BadInputCase } from '../test/support/bad-inputs.ts';
import { xlsxSheetBomb } from '../test/support/reader-bombs.ts';
import { inlineRow, workbookBytes } from '../test/support/xlsx-parts.ts';
import { zipArchive } from '../test/support/zip-writer.ts';

const root = new URL('../test/fixtures/bad-inputs/', import.meta.url).pathname;

const HEADER = 'sku,name,product type,price,currency,net weight,stock,hs code,harvest date,image';
const goodRow = (sku: string): string =>
  `${sku},Washed green coffee ${sku},coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,https://cdn.example.rw/${sku}.jpg`;
const csv = (...rows: string[]): string => `${[HEADER, ...rows].join('\r\n')}\r\n`;

const jsonProduct = (sku: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  sku,
  names: { en: `Washed green coffee ${sku}` },
  productType: 'coffee-green',
  price: { amount: '18.50', currency: 'USD' },
  netContent: { value: 1, unit: 'kg' },
  ...extra,
});
const xmlProduct = (sku: string): string =>
  `<product><sku>${sku}</sku><name>Washed green coffee ${sku}</name><productType>coffee-green</productType>` +
  '<price>18.50</price><currency>USD</currency></product>';

function utf16le(text: string, bom = true): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1] ?? 0;
    be[i + 1] = le[i] ?? 0;
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

const nested = (depth: number): unknown => {
  let value: unknown = jsonProduct('DEEP-1');
  for (let i = 0; i < depth; i += 1) value = { level: value };
  return value;
};

type Content = string | Buffer;
const cases: (BadInputCase & { content: Content })[] = [
  // File-level: emptiness, format, encoding, binary.
  { file: 'empty.csv', about: 'an empty file', code: 'FILE_EMPTY', exit: 2, content: '' },
  {
    file: 'only-bom.csv',
    about: 'a UTF-8 BOM and nothing else',
    code: 'FILE_EMPTY',
    exit: 2,
    content: Buffer.from([0xef, 0xbb, 0xbf]),
  },
  {
    file: 'pdf-as.dat',
    about: 'a PDF with an unknown extension: sniffed as text, refused as binary',
    code: 'BINARY_CONTENT',
    exit: 2,
    content: Buffer.concat([
      Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Length 40 >>\nstream\n'),
      Buffer.from([0x78, 0x9c, 0x00, 0x00, 0x01, 0x02, 0x00, 0xff]),
    ]),
  },
  {
    file: 'nul-bytes.csv',
    about: 'NUL bytes inside a CSV',
    code: 'BINARY_CONTENT',
    exit: 2,
    content: Buffer.concat([
      Buffer.from(`${HEADER}\r\n`),
      Buffer.alloc(64, 0),
      Buffer.from(goodRow('NUL-1')),
    ]),
  },
  {
    file: 'png-as.csv',
    about: 'a PNG image named .csv',
    code: 'BINARY_CONTENT',
    exit: 2,
    content: Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(32, 0),
      Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]),
    ]),
  },
  {
    file: 'utf16-no-bom.csv',
    about: 'UTF-16LE without a BOM: recognised by its NUL pattern and read',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [],
    content: utf16le(csv(goodRow('U16-1')), false),
  },
  {
    file: 'invalid-utf8-c1.csv',
    about: 'bytes that are neither UTF-8 nor Windows-1252 (undefined 0x81, 0x8d)',
    code: 'ENCODING_UNREADABLE',
    exit: 2,
    content: Buffer.concat([
      Buffer.from(`${HEADER}\r\n`),
      Buffer.from('NAME-1,Caf'),
      Buffer.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]),
      Buffer.from(',coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/a.jpg\r\n'),
    ]),
  },
  // File-level: CSV structure.
  {
    file: 'unclosed-quote.csv',
    about: 'a quote that never closes',
    code: 'CSV_MALFORMED',
    exit: 2,
    content: csv(
      goodRow('Q-1'),
      '"Q-2,Broken coffee,coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/q.jpg',
    ),
  },
  {
    file: 'quote-in-unquoted.csv',
    about: 'a quote inside an unquoted cell',
    code: 'CSV_MALFORMED',
    exit: 2,
    content: csv('Q-3,Coffee 12" bag,coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/q.jpg'),
  },
  {
    file: 'giant-record.csv',
    about: 'one quoted record of 3 MB',
    code: 'CSV_MALFORMED',
    exit: 2,
    content: csv(
      `G-1,"${'x'.repeat(3 * 1024 * 1024)}",coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/g.jpg`,
    ),
  },
  {
    file: 'no-header.csv',
    about: 'lines with only empty cells',
    code: 'HEADER_MISSING',
    exit: 2,
    content: '\r\n,,,,\r\n,,,,\r\n\r\n',
  },
  {
    file: 'missing-price-column.csv',
    about: 'no price column',
    code: 'HEADER_REQUIRED_COLUMN_MISSING',
    exit: 2,
    content: 'sku,name,product type,currency\r\nM-1,Coffee,coffee-green,USD\r\n',
  },
  {
    file: 'header-only-missing-columns.csv',
    about: 'a header with no product columns and no data row',
    code: 'HEADER_REQUIRED_COLUMN_MISSING',
    exit: 2,
    content: 'Produit;Notes\r\n',
  },
  {
    file: 'data-line-under-empty-rows.csv',
    about: 'one data line below empty rows, no header',
    code: 'HEADER_REQUIRED_COLUMN_MISSING',
    exit: 2,
    content: ',,,,\r\n,,,,\r\nM-1,Huye washed,coffee-green,12.50,USD\r\n',
  },
  {
    file: 'duplicate-column.csv',
    about: 'two columns named sku',
    code: 'HEADER_DUPLICATE_COLUMN',
    exit: 2,
    content: `sku,sku,name,product type,price,currency\r\nD-1,D-1,Coffee,coffee-green,18.50,USD\r\n`,
  },
  // File-level: XLSX.
  {
    file: 'not-a-zip.xlsx',
    about: 'an .xlsx that is plain text',
    code: 'XLSX_UNREADABLE',
    exit: 2,
    content: 'this is not a workbook, just text with an xlsx name\n',
  },
  {
    file: 'truncated-zip.xlsx',
    about: 'a zip cut short',
    code: 'XLSX_UNREADABLE',
    exit: 2,
    content: (
      await zipArchive([{ name: '[Content_Types].xml', content: Buffer.from('<Types/>'.repeat(400)) }])
    ).subarray(0, 60),
  },
  {
    file: 'zip-without-workbook.xlsx',
    about: 'a valid zip with no workbook inside',
    code: 'XLSX_UNREADABLE',
    exit: 2,
    content: await zipArchive([{ name: 'hello.txt', content: Buffer.from('hello') }]),
  },
  {
    file: 'encrypted-like.xlsx',
    about: 'an OLE2 compound file (what Excel writes for encrypted workbooks)',
    code: 'XLSX_UNREADABLE',
    exit: 2,
    content: Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504, 0xff),
    ]),
  },
  {
    file: 'xlsx-declared-too-large.xlsx',
    about: 'a sheet whose zip directory says 2 GiB: refused before anything is inflated',
    code: 'XLSX_TOO_LARGE',
    exit: 2,
    content: await workbookBytes({
      sheets: [
        {
          name: 'Catalogue',
          part: 'xl/worksheets/sheet1.xml',
          declaredSize: 2 * 1024 * 1024 * 1024,
          // Not deflate data: inflating it at all would fail otherwise.
          rawData: Buffer.alloc(4096, 0xff),
        },
      ],
    }),
  },
  {
    file: 'xlsx-lying-sizes.xlsx',
    about: 'a sheet bomb whose zip directory says 10 KB: stopped while inflating, at 100 times',
    code: 'XLSX_TOO_LARGE',
    exit: 2,
    content: await xlsxSheetBomb(2 * 1024 * 1024, true),
  },
  // File-level: JSON.
  {
    file: 'malformed.json',
    about: 'JSON cut in the middle',
    code: 'JSON_MALFORMED',
    exit: 2,
    content: '{"products": [{"sku": "J-1", "names": {"en": "Coffee"',
  },
  {
    file: 'trailing-comma.json',
    about: 'a trailing comma',
    code: 'JSON_MALFORMED',
    exit: 2,
    content: `{"products": [${JSON.stringify(jsonProduct('J-2'))},]}`,
  },
  {
    file: 'shape-string.json',
    about: 'a JSON string instead of products',
    code: 'JSON_SHAPE',
    exit: 2,
    content: '"products"',
  },
  {
    file: 'shape-object.json',
    about: 'an object without a products array',
    code: 'JSON_SHAPE',
    exit: 2,
    content: '{"items": {"sku": "J-3"}}',
  },
  {
    file: 'nested-10.json',
    about: 'objects nested 10 levels deep',
    code: 'JSON_TOO_DEEP',
    exit: 2,
    content: JSON.stringify({ products: [nested(10)] }),
  },
  {
    file: 'nested-arrays.json',
    about: 'arrays nested 40 levels deep',
    code: 'JSON_TOO_DEEP',
    exit: 2,
    content: `{"products": ${'['.repeat(40)}${']'.repeat(40)}}`,
  },
  {
    file: 'json-product-too-large.json',
    about: 'one product with a 700,000-character string (the bound is 640,000)',
    code: 'JSON_PRODUCT_TOO_LARGE',
    exit: 2,
    content: JSON.stringify({ products: [jsonProduct('JL-1', { description: 'd'.repeat(700_000) })] }),
  },
  {
    file: 'json-producer-claim.json',
    about: 'a top-level "producer" naming someone else',
    code: 'FILE_PRODUCER_MISMATCH',
    exit: 2,
    content: JSON.stringify({ producer: 'someone-else', products: [jsonProduct('PC-1')] }),
  },
  // File-level: XML.
  {
    file: 'malformed.xml',
    about: 'an unclosed element',
    code: 'XML_MALFORMED',
    exit: 2,
    content: `<?xml version="1.0"?>\n<catalogue>\n${xmlProduct('X-1')}\n<product><sku>X-2</sku>\n</catalogue>\n`,
  },
  {
    file: 'xxe-file.xml',
    about: 'an external entity reading /etc/passwd',
    code: 'XML_DOCTYPE_REFUSED',
    exit: 2,
    content:
      '<?xml version="1.0"?>\n<!DOCTYPE catalogue [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<catalogue><product><sku>&xxe;</sku><name>Coffee</name><productType>coffee-green</productType><price>1</price><currency>USD</currency></product></catalogue>\n',
  },
  {
    file: 'xxe-http.xml',
    about: 'an external entity fetched over HTTP',
    code: 'XML_DOCTYPE_REFUSED',
    exit: 2,
    content:
      '<?xml version="1.0"?>\n<!DOCTYPE catalogue [<!ENTITY remote SYSTEM "http://169.254.169.254/latest/meta-data/">]>\n<catalogue><product><sku>&remote;</sku></product></catalogue>\n',
  },
  {
    file: 'billion-laughs.xml',
    about: 'entity expansion (billion laughs)',
    code: 'XML_DOCTYPE_REFUSED',
    exit: 2,
    content: `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}\n]>\n<catalogue><product><sku>&lol9;</sku></product></catalogue>\n`,
  },
  {
    file: 'doctype-only.xml',
    about: 'a DOCTYPE with no entity at all',
    code: 'XML_DOCTYPE_REFUSED',
    exit: 2,
    content: `<?xml version="1.0"?>\n<!DOCTYPE catalogue SYSTEM "catalogue.dtd">\n<catalogue>${xmlProduct('X-3')}</catalogue>\n`,
  },
  {
    file: 'deep.xml',
    about: 'elements nested 12 deep',
    code: 'XML_TOO_DEEP',
    exit: 2,
    content: `<?xml version="1.0"?>\n<catalogue>${'<a>'.repeat(12)}x${'</a>'.repeat(12)}</catalogue>\n`,
  },
  {
    file: 'no-products.xml',
    about: 'a root with no product elements',
    code: 'XML_SHAPE',
    exit: 2,
    content: '<?xml version="1.0"?>\n<catalogue><note>nothing here</note></catalogue>\n',
  },
  {
    file: 'xml-attribute-too-large.xml',
    about: 'an attribute value of 100 KB (sax refuses one past about 64 KiB)',
    code: 'XML_NODE_TOO_LARGE',
    exit: 2,
    content: `<?xml version="1.0"?>\n<catalogue><product sku="X-4" note="${'n'.repeat(100_000)}"/></catalogue>\n`,
  },
  {
    file: 'xml-product-too-large.xml',
    about: 'a product element holding 700,000 characters of text',
    code: 'XML_PRODUCT_TOO_LARGE',
    exit: 2,
    content: `<?xml version="1.0"?>\n<catalogue><product><sku>X-5</sku><description>${'d'.repeat(700_000)}</description></product></catalogue>\n`,
  },
  {
    file: 'xml-products-in-two-places.xml',
    about: 'products under the root and in a <products> wrapper',
    code: 'XML_SHAPE',
    exit: 2,
    content: `<?xml version="1.0"?>\n<catalogue>${xmlProduct('X-6')}<products>${xmlProduct('X-7')}</products></catalogue>\n`,
  },
  {
    file: 'mixed-encodings.csv',
    about: 'ASCII, then a Windows-1252 line, then a UTF-8 line',
    code: 'ENCODING_UNREADABLE',
    exit: 2,
    content: Buffer.concat([
      Buffer.from(`${HEADER}\r\n${goodRow('ME-1')}\r\n`),
      Buffer.from(`${goodRow('ME-2').replace('Washed green coffee', 'Café vert lavé')}\r\n`, 'latin1'),
      Buffer.from(`${goodRow('ME-3').replace('Washed green coffee', 'Café vert lavé')}\r\n`, 'utf8'),
    ]),
  },
  // Row-level: values.
  {
    file: 'number-1e400.csv',
    about: 'prices of 1e400 and "dix-huit mille"',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [
      { row: 3, codes: ['NUMBER_INVALID'] },
      { row: 4, codes: ['NUMBER_INVALID'] },
    ],
    content: csv(
      goodRow('N-1'),
      'N-2,Coffee,coffee-green,1e400,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/n.jpg',
      'N-3,Coffee,coffee-green,dix-huit mille,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/n.jpg',
    ),
  },
  {
    file: 'price-with-currency.csv',
    about: '"RWF 1,500" against a USD column',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [{ row: 3, codes: ['CURRENCY_CONFLICT'] }],
    content: csv(
      goodRow('P-1'),
      'P-2,Coffee,coffee-green,"RWF 1,500",USD,1 kg,10,0901.11,2026-06-15,https://x.rw/p.jpg',
    ),
  },
  {
    file: 'negative-and-missing.csv',
    about: 'a negative price and an empty price',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [
      { row: 3, codes: ['NUMBER_NEGATIVE'] },
      { row: 4, codes: ['REQUIRED_MISSING'] },
    ],
    content: csv(
      goodRow('NM-1'),
      'NM-2,Coffee,coffee-green,-4.00,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/n.jpg',
      'NM-3,Coffee,coffee-green,,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/n.jpg',
    ),
  },
  {
    file: 'unknown-unit.csv',
    about: 'a weight of "5 sacks"',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [{ row: 3, codes: ['UNIT_UNKNOWN'] }],
    content: csv(
      goodRow('UU-1'),
      'UU-2,Coffee,coffee-green,18.50,USD,5 sacks,10,0901.11,2026-06-15,https://x.rw/u.jpg',
    ),
  },
  {
    file: 'impossible-date.csv',
    about: 'a harvest date of 31/02/2026',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [{ row: 3, codes: ['DATE_INVALID'] }],
    content: csv(
      goodRow('DT-1'),
      'DT-2,Coffee,coffee-green,18.50,USD,1 kg,10,0901.11,31/02/2026,https://x.rw/d.jpg',
    ),
  },
  {
    file: 'formula-cells.csv',
    about: 'spreadsheet formulas in cells',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [
      { row: 3, codes: ['CELL_FORMULA'] },
      { row: 4, codes: ['CELL_FORMULA'] },
    ],
    content: csv(
      goodRow('F-1'),
      'F-2,"=HYPERLINK(""http://evil.example"",""click"")",coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/f.jpg',
      'F-3,@SUM(A1:A9),coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/f.jpg',
    ),
  },
  {
    file: 'control-characters.csv',
    about: 'a bell and an escape inside a name',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [{ row: 3, codes: ['CELL_CONTROL_CHARACTERS'] }],
    content: csv(
      goodRow('C-1'),
      'C-2,Coffee\u0007\u001b[31mred,coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/c.jpg',
    ),
  },
  {
    file: 'giant-cell.csv',
    about: 'a 20,000-character name',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [{ row: 3, codes: ['CELL_TOO_LONG'] }],
    content: csv(
      goodRow('GC-1'),
      `GC-2,${'a'.repeat(20_000)},coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/g.jpg`,
    ),
  },
  {
    file: 'mixed-currencies.csv',
    about: 'an unknown currency and a currency that conflicts with the cell',
    code: null,
    exit: 0,
    accepted: 2,
    rows: [
      { row: 4, codes: ['CURRENCY_UNKNOWN'] },
      { row: 5, codes: ['CURRENCY_CONFLICT'] },
    ],
    content: csv(
      goodRow('MC-1'),
      'MC-2,Coffee,coffee-green,"18 500",RWF,1 kg,10,0901.11,2026-06-15,https://x.rw/m.jpg',
      'MC-3,Coffee,coffee-green,18.50,GBP,1 kg,10,0901.11,2026-06-15,https://x.rw/m.jpg',
      'MC-4,Coffee,coffee-green,EUR 18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/m.jpg',
    ),
  },
  {
    file: 'too-many-decimals.csv',
    about: '12.345 USD and 1500.5 RWF',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [
      { row: 3, codes: ['PRICE_INVALID'] },
      { row: 4, codes: ['PRICE_INVALID'] },
    ],
    content: csv(
      goodRow('TD-1'),
      'TD-2,Coffee,coffee-green,12.345,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/t.jpg',
      'TD-3,Coffee,coffee-green,1500.5,RWF,1 kg,10,0901.11,2026-06-15,https://x.rw/t.jpg',
    ),
  },
  {
    file: 'duplicate-skus.csv',
    about: 'the same SKU twice, differing in case',
    code: null,
    exit: 0,
    accepted: 2,
    rows: [{ row: 4, codes: ['SKU_DUPLICATE'] }],
    content: csv(goodRow('DUP-1'), goodRow('DUP-2'), goodRow('dup-1')),
  },
  {
    file: 'bad-sku-and-urls.csv',
    about: 'a SKU with spaces and an http image',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [
      { row: 3, codes: ['SKU_INVALID'] },
      { row: 4, codes: ['URL_INVALID'] },
    ],
    content: csv(
      goodRow('BS-1'),
      'BAD SKU!,Coffee,coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/b.jpg',
      'BS-3,Coffee,coffee-green,18.50,USD,1 kg,10,0901.11,2026-06-15,http://x.rw/b.jpg',
    ),
  },
  {
    file: 'unknown-type-and-hs.csv',
    about: 'an unknown product type and a 3-digit HS code',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [
      { row: 3, codes: ['PRODUCT_TYPE_UNKNOWN'] },
      { row: 4, codes: ['HS_CODE_FORMAT'] },
    ],
    content: csv(
      goodRow('UT-1'),
      'UT-2,Coffee,spaceship,18.50,USD,1 kg,10,0901.11,2026-06-15,https://x.rw/u.jpg',
      'UT-3,Coffee,coffee-green,18.50,USD,1 kg,10,090,2026-06-15,https://x.rw/u.jpg',
    ),
  },
  {
    file: 'too-many-cells.csv',
    about: 'a row with more cells than the header',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [{ row: 3, codes: ['ROW_TOO_MANY_CELLS'] }],
    content: csv(goodRow('TM-1'), `${goodRow('TM-2')},extra,cells`),
  },
  {
    file: 'forged-producer.csv',
    about: 'a producer column naming someone else',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [{ row: 3, codes: ['PRODUCER_MISMATCH'] }],
    content: `producer,${HEADER}\r\nbad-input-producer,${goodRow('FP-1')}\r\nsomeone-else,${goodRow('FP-2')}\r\n`,
  },
  {
    file: 'two-producer-columns.csv',
    about: 'producer and producerId columns, the second naming someone else',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [{ row: 3, codes: ['PRODUCER_MISMATCH'] }],
    content: `producer,producerId,${HEADER}\r\nbad-input-producer,bad-input-producer,${goodRow('TP-1')}\r\nbad-input-producer,someone-else,${goodRow('TP-2')}\r\n`,
  },
  {
    file: 'xlsx-sheet-named-data.xlsx',
    about: 'a sheet part named data.xml beside a 700 MB image that must never be inflated',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [],
    content: await workbookBytes({
      sheets: [
        {
          name: 'Catalogue',
          part: 'xl/worksheets/data.xml',
          rows: [HEADER, goodRow('XD-1')]
            .map((line, index) => inlineRow(index + 1, line.split(',')))
            .join(''),
        },
      ],
      extra: [
        {
          name: 'xl/media/image1.png',
          content: Buffer.alloc(8),
          declaredSize: 700 * 1000 * 1000,
          rawData: Buffer.alloc(4096, 0xff),
        },
      ],
    }),
  },
  {
    file: 'proto-pollution.json',
    about: '__proto__ and constructor keys in a product',
    code: null,
    exit: 0,
    accepted: 2,
    rows: [],
    content: `{"products": [${JSON.stringify(jsonProduct('PP-1'))}, {"__proto__": {"polluted": true, "isAdmin": true}, "constructor": {"prototype": {"polluted": true}}, ${JSON.stringify(jsonProduct('PP-2')).slice(1)}]}`,
  },
  {
    file: 'json-numbers.json',
    about: 'a price of 1e400 and a negative weight in JSON',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [
      { row: 2, codes: ['NUMBER_INVALID'] },
      { row: 3, codes: ['NUMBER_NEGATIVE'] },
    ],
    content: `{"products": [${JSON.stringify(jsonProduct('JN-1'))}, ${JSON.stringify(jsonProduct('JN-2')).replace('"18.50"', '1e400')}, ${JSON.stringify(jsonProduct('JN-3', { netContent: { value: -1, unit: 'kg' } }))}]}`,
  },
  {
    file: 'windows-1252-ok.csv',
    about: 'Windows-1252 accents, decimal commas and a formula among good rows',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [{ row: 3, codes: ['CELL_FORMULA'] }],
    content: Buffer.from(
      `Référence;Désignation;Type de produit;Prix unitaire;Devise\r\nW-1;Café vert lavé;café vert;18,50;USD\r\nW-2;=1+2;café vert;18,50;USD\r\n`,
      'latin1',
    ),
  },
  {
    file: 'utf16be-rows.txt',
    about: 'UTF-16BE with a BOM, tab-separated, with a bad date',
    code: null,
    exit: 0,
    accepted: 1,
    rows: [{ row: 3, codes: ['DATE_INVALID'] }],
    content: utf16be(
      'kode\tizina\ttype\tprice\tcurrency\tharvest date\r\nK-1\tIkawa\tcoffee-green\t18.50\tUSD\t2026-06-15\r\nK-2\tIkawa\tcoffee-green\t18.50\tUSD\t2026-13-40\r\n',
    ),
  },
];

async function main(): Promise<void> {
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const manifest: BadInputCase[] = [];
  for (const { content, ...entry } of cases) {
    await writeFile(join(root, entry.file), content);
    manifest.push(entry);
  }
  await writeFile(join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${manifest.length} files to ${root}`);
}

await main();
