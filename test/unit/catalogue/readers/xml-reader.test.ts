import { describe, expect, it } from 'vitest';
import { readXml } from '../../../../functions/core/catalogue/readers/xml-reader.ts';
import { MiB, pulledSource, xmlLongAttribute, xmlLongText } from '../../../support/reader-bombs.ts';
import { failureOf, inChunks, plainRecords, readFully, utf8, windows1252 } from './reader-helpers.ts';

const CATALOGUE = `<?xml version="1.0" encoding="UTF-8"?>
<catalogue producer="nyagatare-beef">
  <!-- exported 2026-11-20 -->
  <product sku="NB-1" status="active">
    <name>Striploin &amp; fat cap, 1 kg</name>
    <name_zh><![CDATA[卢旺达西冷牛排 <1公斤>]]></name_zh>
    <price currency="USD">24.50</price>
    <origin><district>Nyagatare</district><farm>Ranch</farm></origin>
    <image>https://a.rw/1.jpg</image>
    <image>https://a.rw/2.jpg</image>
    <certifications><certification>Halal</certification></certifications>
    <lot/>
  </product>
  <product sku="NB-2"><name>Tenderloin</name></product>
</catalogue>`;

describe('readXml', () => {
  it('reads products: attributes, child text, dotted nesting, repeated elements as lists', async () => {
    const source = await readXml(utf8(CATALOGUE));
    expect([source.format, source.encoding, await plainRecords(source)]).toEqual([
      'xml',
      'utf-8',
      [
        {
          row: 1,
          fields: [
            ['sku', 'NB-1'],
            ['status', 'active'],
            ['name', 'Striploin & fat cap, 1 kg'],
            ['name_zh', '卢旺达西冷牛排 <1公斤>'],
            ['price.currency', 'USD'],
            ['price', '24.50'],
            ['origin.district', 'Nyagatare'],
            ['origin.farm', 'Ranch'],
            ['image', ['https://a.rw/1.jpg', 'https://a.rw/2.jpg']],
            ['certifications', ['Halal']],
            ['lot', ''],
          ],
        },
        {
          row: 2,
          fields: [
            ['sku', 'NB-2'],
            ['name', 'Tenderloin'],
          ],
        },
      ],
    ]);
  });

  it('reads <item> elements inside a <products> wrapper, numbering repeated structured elements', async () => {
    const xml = `<export><meta>v2</meta><products>
      <item><sku>A</sku><certification><code>organic</code><label>Bio</label></certification><certification><code>other</code><label>Kosher</label></certification></item>
      <item><sku>B</sku></item>
    </products></export>`;
    expect(await plainRecords(await readXml(windows1252(xml)))).toEqual([
      {
        row: 1,
        fields: [
          ['sku', 'A'],
          ['certification.0.code', 'organic'],
          ['certification.0.label', 'Bio'],
          ['certification.1.code', 'other'],
          ['certification.1.label', 'Kosher'],
        ],
      },
      { row: 2, fields: [['sku', 'B']] },
    ]);
  });

  it('refuses a DOCTYPE with its line', async () => {
    const xml =
      '<?xml version="1.0"?>\n<!DOCTYPE catalogue>\n<catalogue><product><sku>A</sku></product></catalogue>';
    const failure = await failureOf(() => readFully(readXml(utf8(xml))));
    expect([failure.code, failure.line]).toEqual(['XML_DOCTYPE_REFUSED', 2]);
  });

  it('refuses an external entity (XXE) before anything is resolved', async () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE catalogue [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<catalogue><product><sku>&xxe;</sku></product></catalogue>`;
    const failure = await failureOf(() => readFully(readXml(utf8(xml))));
    expect([failure.code, failure.line]).toEqual(['XML_DOCTYPE_REFUSED', 2]);
  });

  it('refuses an entity declaration even without a DOCTYPE keyword in upper case', async () => {
    const xml = '<catalogue>\n<product>\n<!entity lol "lol"><sku>A</sku></product></catalogue>';
    const failure = await failureOf(() => readFully(readXml(utf8(xml))));
    expect([failure.code, failure.line]).toEqual(['XML_DOCTYPE_REFUSED', 3]);
  });

  it('refuses a billion-laughs document without expanding anything', async () => {
    const entities = Array.from(
      { length: 9 },
      (_, level) => `  <!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`,
    ).join('\n');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n  <!ENTITY lol0 "lol">\n${entities}\n]>\n<catalogue><product><sku>&lol9;</sku></product></catalogue>`;
    const failure = await failureOf(() => readFully(readXml(utf8(xml))));
    expect([failure.code, failure.line]).toEqual(['XML_DOCTYPE_REFUSED', 2]);
  });

  it('treats an undeclared entity reference as malformed, never as a lookup', async () => {
    const failure = await failureOf(() =>
      readFully(readXml(utf8('<catalogue>\n<product>\n<sku>&xxe;</sku></product></catalogue>'))),
    );
    expect([failure.code, failure.line]).toEqual(['XML_MALFORMED', 3]);
  });

  it('refuses nesting deeper than maxDepth with its line', async () => {
    const xml =
      '<catalogue>\n<product>\n<origin><farm><plot>7</plot></farm></origin>\n</product>\n</catalogue>';
    const failure = await failureOf(() => readFully(readXml(utf8(xml), { limits: { maxDepth: 4 } })));
    expect([failure.code, failure.line]).toEqual(['XML_TOO_DEEP', 3]);
    expect(await plainRecords(await readXml(utf8(xml), { limits: { maxDepth: 5 } }))).toEqual([
      { row: 1, fields: [['origin.farm.plot', '7']] },
    ]);
  });

  it('refuses a 100,000-deep document without building it', async () => {
    const depth = 100_000;
    const xml = `<catalogue>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</catalogue>`;
    const failure = await failureOf(() => readFully(readXml(utf8(xml))));
    expect([failure.code, failure.line]).toEqual(['XML_TOO_DEEP', 1]);
  });

  it('refuses malformed XML with the line of the error', async () => {
    const xml = '<catalogue>\n  <product>\n    <sku>A</name>\n  </product>\n</catalogue>';
    const failure = await failureOf(() => readFully(readXml(utf8(xml))));
    expect([failure.code, failure.line]).toEqual(['XML_MALFORMED', 3]);
  });

  it('refuses a second root element, which the parser would silently drop', async () => {
    const xml = '<catalogue><product><sku>A</sku></product></catalogue>\n<catalogue/>';
    const failure = await failureOf(() => readFully(readXml(utf8(xml))));
    expect([failure.code, failure.line]).toEqual(['XML_MALFORMED', 2]);
  });

  it('refuses a root without <product> or <item> elements', async () => {
    const failure = await failureOf(() =>
      readFully(readXml(utf8('<catalogue><article><sku>A</sku></article></catalogue>'))),
    );
    expect([failure.code, failure.message]).toEqual([
      'XML_SHAPE',
      'The root element <catalogue> holds no <product> or <item> elements.',
    ]);
  });

  it('keeps elements and attributes named like object machinery as data', async () => {
    // sax, under xml2js, stores attributes by assignment, so a "__proto__" attribute is dropped
    // there (harmlessly); "prototype" and elements named "__proto__" come through as data.
    const xml =
      '<catalogue><product __proto__="x" prototype="a"><sku>A</sku><__proto__><polluted>yes</polluted></__proto__><constructor>c</constructor></product></catalogue>';
    const records = await readFully(readXml(utf8(xml)));
    expect(records.map((record) => [...record.fields])).toEqual([
      [
        ['prototype', 'a'],
        ['sku', 'A'],
        ['__proto__.polluted', 'yes'],
        ['constructor', 'c'],
      ],
    ]);
    expect([
      Reflect.get({}, 'polluted'),
      Object.getPrototypeOf(records[0]?.fields) === Map.prototype,
    ]).toEqual([undefined, true]);
  });
});

describe('readXml in bounded memory', () => {
  it('refuses a 16 MiB attribute as soon as it passes 64 KiB, with its line', async () => {
    const { source, pulled } = pulledSource(xmlLongAttribute(16 * MiB));
    const failure = await failureOf(() => readFully(readXml(source)));
    expect([failure.code, failure.line, failure.message]).toEqual([
      'XML_NODE_TOO_LARGE',
      2,
      'Line 2 has an attribute value longer than 64 KiB; put long text in an element (a cell holds at most 10000 characters).',
    ]);
    expect(pulled()).toBeLessThanOrEqual(2 * MiB);
  });

  it('refuses a product whose text passes the product bound, without reading the rest', async () => {
    const { source, pulled } = pulledSource(xmlLongText(32 * MiB));
    const failure = await failureOf(() => readFully(readXml(source)));
    expect([failure.code, failure.line]).toEqual(['XML_PRODUCT_TOO_LARGE', 2]);
    expect(pulled()).toBeLessThanOrEqual(2 * MiB);
  });

  it('keeps an attribute longer than a cell but within 64 KiB, for the row to refuse', async () => {
    const records = await readFully(
      readXml(utf8(`<catalogue><product sku="A" name="${'n'.repeat(20_000)}"/></catalogue>`)),
    );
    expect(records.map((record) => (record.fields.get('name') as string).length)).toEqual([20_000]);
  });

  it('refuses a DOCTYPE split across chunks before sax sees it', async () => {
    const xml =
      '<?xml version="1.0"?>\n<catalogue><product><sku>A</sku></product>\n<!DOCTYPE x [<!ENTITY e "e">]>';
    const failure = await failureOf(() => readFully(readXml(inChunks(utf8(xml), 1))));
    expect([failure.code, failure.line]).toEqual(['XML_DOCTYPE_REFUSED', 3]);
  });
});

describe('readXml document shapes', () => {
  it('reads an RSS 2.0 feed (Google Merchant Center), keeping prefixed names', async () => {
    const rss = `<?xml version="1.0"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
  <channel>
    <title>Kayonza Fresh</title>
    <link>https://kayonza.rw</link>
    <item>
      <g:id>KAV-1</g:id>
      <title>Hass avocado</title>
      <g:price>38.00 USD</g:price>
      <g:shipping><g:country>CN</g:country><g:price>5.00 USD</g:price></g:shipping>
    </item>
    <item><g:id>KAV-2</g:id><title>Fuerte avocado</title></item>
  </channel>
</rss>`;
    expect(await plainRecords(await readXml(utf8(rss)))).toEqual([
      {
        row: 1,
        fields: [
          ['g:id', 'KAV-1'],
          ['title', 'Hass avocado'],
          ['g:price', '38.00 USD'],
          ['g:shipping.g:country', 'CN'],
          ['g:shipping.g:price', '5.00 USD'],
        ],
      },
      {
        row: 2,
        fields: [
          ['g:id', 'KAV-2'],
          ['title', 'Fuerte avocado'],
        ],
      },
    ]);
  });

  it('refuses products in two places rather than dropping one set', async () => {
    const xml =
      '<catalogue>\n<product><sku>A</sku></product>\n<products><product><sku>B</sku></product></products></catalogue>';
    const failure = await failureOf(() => readFully(readXml(utf8(xml))));
    expect([failure.code, failure.line, failure.message]).toEqual([
      'XML_SHAPE',
      3,
      'Line 3 has a <product> inside <products>, but the products before it are directly under <catalogue>; keep every product in one place.',
    ]);
  });

  it('hands over the root attributes and root elements it is asked for', async () => {
    const xml =
      '<catalogue producer="nyagatare-beef" exported="2026">\n<producerId>nyagatare-beef</producerId><product><sku>A</sku></product></catalogue>';
    const source = await readXml(utf8(xml), { documentFields: (name) => name.startsWith('producer') });
    await plainRecords(source);
    expect(source.documentFields?.()).toEqual([
      { name: 'producer', value: 'nyagatare-beef', line: 1 },
      { name: 'producerId', value: 'nyagatare-beef', line: 2 },
    ]);
  });

  it.each([
    ['<?xml version="1.0"?>\n<!-- nothing else -->\n', 'XML_SHAPE'],
    ['  \n ', 'FILE_EMPTY'],
  ])('refuses %j without a root element', async (xml, code) => {
    const failure = await failureOf(() => readFully(readXml(utf8(xml))));
    expect(failure.code).toBe(code);
  });
});
