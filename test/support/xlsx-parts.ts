/**
 * The parts of an XLSX workbook written by hand, as Excel lays them out, so a test can say exactly
 * which SpreadsheetML the reader gets: part names Excel never uses, relationship targets in either
 * form, prefixed elements, styles, inline strings, lying sizes, media it must not inflate.
 */
import { type ZipEntryInput, type ZipOptions, zipArchive } from './zip-writer.ts';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface SheetSpec {
  name: string;
  /** The zip entry, e.g. "xl/worksheets/sheet1.xml" (any name works: the relationships find it). */
  part: string;
  /** The <sheetData> content (rows), or a whole part when `xml` is given. */
  rows?: string;
  /** The whole part, for sheets that are not plain worksheets or must be generated. */
  xml?: string | ZipEntryInput['content'];
  state?: 'visible' | 'hidden' | 'veryHidden';
  kind?: 'worksheet' | 'chartsheet';
  /** How the relationship names the part: relative to xl/ (Excel) or absolute from the root. */
  target?: 'relative' | 'absolute';
  declaredSize?: number;
  rawData?: Uint8Array;
}

export interface WorkbookSpec {
  sheets: readonly SheetSpec[];
  /** Plain text items of xl/sharedStrings.xml, or its whole <sst> content when `sharedStringsXml` is given. */
  sharedStrings?: readonly string[];
  sharedStringsXml?: string;
  /** The whole xl/styles.xml. */
  stylesXml?: string;
  date1904?: boolean;
  /** Entries the workbook carries besides its parts (images, printer settings...). */
  extra?: readonly ZipEntryInput[];
  /** Overrides for the parts written here, by entry name. */
  overrides?: Readonly<Record<string, Partial<ZipEntryInput>>>;
  zip?: ZipOptions;
}

export function escapeXml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

/** A plain worksheet part around `rows`. */
export function worksheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><dimension ref="A1"/><sheetData>${rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

/** A row of inline-string cells, as some exporters (not Excel) write them. */
export function inlineRow(number: number, cells: readonly string[]): string {
  const columns = cells.map((text, index) => {
    const reference = `${String.fromCharCode(65 + index)}${number}`;
    return `<c r="${reference}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;
  });
  return `<row r="${number}">${columns.join('')}</row>`;
}

function sharedStringsPart(spec: WorkbookSpec): string | null {
  if (spec.sharedStringsXml !== undefined) return spec.sharedStringsXml;
  if (spec.sharedStrings === undefined) return null;
  const items = spec.sharedStrings.map((text) => `<si><t xml:space="preserve">${escapeXml(text)}</t></si>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${items.length}" uniqueCount="${items.length}">${items.join('')}</sst>`;
}

function target(sheet: SheetSpec): string {
  return sheet.target === 'absolute' ? `/${sheet.part}` : sheet.part.replace(/^xl\//u, '');
}

/** The workbook's zip entries. */
export function workbookEntries(spec: WorkbookSpec): ZipEntryInput[] {
  const relationships: string[] = [];
  const sheets: string[] = [];
  const overrides: string[] = [];
  spec.sheets.forEach((sheet, index) => {
    const id = `rId${index + 1}`;
    const kind = sheet.kind ?? 'worksheet';
    relationships.push(
      `<Relationship Id="${id}" Type="${RELATIONSHIPS}/${kind}" Target="${target(sheet)}"/>`,
    );
    const state = sheet.state === undefined ? '' : ` state="${sheet.state}"`;
    sheets.push(`<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}"${state} r:id="${id}"/>`);
    overrides.push(
      `<Override PartName="/${sheet.part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${kind}+xml"/>`,
    );
  });
  const shared = sharedStringsPart(spec);
  if (shared !== null) {
    relationships.push(
      `<Relationship Id="rIdS" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>`,
    );
  }
  if (spec.stylesXml !== undefined) {
    relationships.push(`<Relationship Id="rIdT" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>`);
  }
  const workbookPr = spec.date1904 === true ? '<workbookPr date1904="1"/>' : '<workbookPr/>';
  const parts: ZipEntryInput[] = [
    {
      name: '[Content_Types].xml',
      content: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides.join('')}</Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      content: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      content: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">${workbookPr}<sheets>${sheets.join('')}</sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      content: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">${relationships.join('')}</Relationships>`,
      ),
    },
  ];
  for (const sheet of spec.sheets) {
    const content = sheet.xml ?? Buffer.from(worksheetXml(sheet.rows ?? ''));
    parts.push({
      name: sheet.part,
      content: typeof content === 'string' ? Buffer.from(content) : content,
      ...(sheet.declaredSize === undefined ? {} : { declaredSize: sheet.declaredSize }),
      ...(sheet.rawData === undefined ? {} : { rawData: sheet.rawData }),
    });
  }
  if (shared !== null) parts.push({ name: 'xl/sharedStrings.xml', content: Buffer.from(shared) });
  if (spec.stylesXml !== undefined)
    parts.push({ name: 'xl/styles.xml', content: Buffer.from(spec.stylesXml) });
  const withOverrides = parts.map((part) => ({ ...part, ...spec.overrides?.[part.name] }));
  return [...withOverrides, ...(spec.extra ?? [])];
}

export function workbookBytes(spec: WorkbookSpec): Promise<Buffer> {
  return zipArchive(workbookEntries(spec), spec.zip);
}

/** A styles part whose cellXfs are the given number formats, by index (index 0 first). */
export function stylesXml(
  numFmtIds: readonly number[],
  custom: Readonly<Record<number, string>> = {},
): string {
  const formats = Object.entries(custom).map(
    ([id, code]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`,
  );
  const numFmts =
    formats.length === 0 ? '' : `<numFmts count="${formats.length}">${formats.join('')}</numFmts>`;
  const xfs = numFmtIds.map(
    (id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
  );
  // cellStyleXfs and dxfs carry number formats too; only cellXfs apply to cells.
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}">${numFmts}<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs><dxfs count="1"><dxf><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></dxf></dxfs></styleSheet>`;
}
