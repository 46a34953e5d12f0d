/**
 * An XLSX workbook read from its zip in memory: the sheets in tab order (name, visibility, kind)
 * found through the package and workbook relationships (never by part name), and the rows of any
 * of them, streamed as the sheet part inflates. Shared strings and styles (needed to tell a date
 * from a number) are read once, on the first sheet read. Random access into the zip makes reading
 * several sheets of one file cheap: each read inflates only its own sheet.
 */
import { CatalogueFileError } from '../codes.ts';
import type { ReaderLimits } from './raw-record.ts';
import { MERGE_SCAN_MAX_BYTES, verticalMerges, withVerticalMerges } from './xlsx-merges.ts';
import { dateStylesOf, readSheetRows, type SheetContext, type SheetRow } from './xlsx-sheet.ts';
import { flatCopy, localName, parsePart, partText, unescapeExcelText } from './xlsx-xml.ts';
import { ZipArchive, type ZipEntry } from './zip-archive.ts';

export type SheetKind = 'worksheet' | 'chartsheet' | 'dialogsheet' | 'macrosheet';
export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface WorkbookSheet {
  /** As on its tab. */
  name: string;
  /** 0-based position in tab order. */
  index: number;
  state: SheetState;
  kind: SheetKind;
  /** The zip entry holding it; null when the workbook names a part the zip does not have. */
  part: string | null;
}

const KINDS: Readonly<Record<string, SheetKind>> = {
  worksheet: 'worksheet',
  chartsheet: 'chartsheet',
  dialogsheet: 'dialogsheet',
  xlMacrosheet: 'macrosheet',
  xlIntlMacrosheet: 'macrosheet',
};

/**
 * The workbook part and relationships, read into memory first: a few hundred KiB in any real
 * file, even one with thousands of sheets or defined names.
 */
const MAX_STRUCTURE_PART_BYTES = 16 * 1024 * 1024;

/** Shared strings and styles are held for the whole read: at most this share of the workbook limit. */
function maxHeldPartBytes(limits: ReaderLimits): number {
  return Math.floor(limits.maxInflatedBytes / 4);
}

interface Relationship {
  type: string;
  target: string;
}

/** A relationship type's last segment: the same in transitional and strict OOXML. */
function relationshipKind(type: string): string {
  return type.slice(type.lastIndexOf('/') + 1);
}

function folderOf(part: string): string {
  return part.slice(0, part.lastIndexOf('/') + 1);
}

/** A relationship target as a part name: relative to the source part's folder, or absolute. */
function resolveTarget(sourcePart: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `${folderOf(sourcePart)}${target}`;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

function relationshipsPartOf(part: string): string {
  const folder = folderOf(part);
  return `${folder}_rels/${part.slice(folder.length)}.rels`;
}

export class XlsxWorkbook {
  private shared: Promise<Pick<SheetContext, 'sharedStrings' | 'dateStyles'>> | null = null;

  private constructor(
    private readonly zip: ZipArchive,
    private readonly limits: ReaderLimits,
    readonly sheets: readonly WorkbookSheet[],
    private readonly date1904: boolean,
    private readonly sharedStringsPart: string | null,
    private readonly stylesPart: string | null,
  ) {}

  static async open(bytes: Buffer, limits: ReaderLimits): Promise<XlsxWorkbook> {
    const zip = ZipArchive.open(bytes, limits);
    const packageRelationships = await readRelationships(zip, '_rels/.rels', '');
    const office = packageRelationships.find(
      (relationship) => relationshipKind(relationship.type) === 'officeDocument',
    );
    const workbookPart = office === undefined ? 'xl/workbook.xml' : resolveTarget('', office.target);
    const workbookEntry = zip.find(workbookPart);
    if (workbookEntry === null) {
      throw new CatalogueFileError(
        'XLSX_UNREADABLE',
        'The file is a zip archive but holds no Excel workbook.',
      );
    }
    const relationships = new Map(
      (await readRelationships(zip, relationshipsPartOf(workbookPart), workbookPart)).map(
        (relationship, index) => [relationship.id ?? `#${index}`, relationship],
      ),
    );
    const { sheets, date1904 } = await readWorkbook(zip, workbookEntry);
    const partOf = (kind: string): string | null => {
      for (const relationship of relationships.values()) {
        if (relationshipKind(relationship.type) === kind)
          return resolveTarget(workbookPart, relationship.target);
      }
      return null;
    };
    return new XlsxWorkbook(
      zip,
      limits,
      sheets.map(({ name, state, id }, index) => {
        const relationship = id === null ? undefined : relationships.get(id);
        const part = relationship === undefined ? null : resolveTarget(workbookPart, relationship.target);
        return {
          name,
          index,
          state,
          kind: KINDS[relationshipKind(relationship?.type ?? '')] ?? 'worksheet',
          part: part !== null && zip.find(part) !== null ? part : null,
        };
      }),
      date1904,
      partOf('sharedStrings'),
      partOf('styles'),
    );
  }

  /** The sheet's rows in order, blank rows included as Excel stores them (rarely). */
  async *rows(sheet: WorkbookSheet): AsyncGenerator<SheetRow> {
    const entry = sheet.part === null ? null : this.zip.find(sheet.part);
    if (entry === null) {
      throw new CatalogueFileError(
        'XLSX_UNREADABLE',
        `The workbook cannot be read: sheet ${JSON.stringify(sheet.name)} has no part in the archive.`,
      );
    }
    this.shared ??= this.readShared();
    const shared = await this.shared;
    const label = `sheet ${JSON.stringify(sheet.name)}`;
    const merges =
      entry.uncompressedSize <= MERGE_SCAN_MAX_BYTES
        ? await verticalMerges(partText(this.zip, entry, label))
        : [];
    const rows = readSheetRows(partText(this.zip, entry, label), label, {
      ...shared,
      date1904: this.date1904,
      maxCellChars: this.limits.maxCellChars,
    });
    yield* withVerticalMerges(rows, merges);
  }

  private async readShared(): Promise<Pick<SheetContext, 'sharedStrings' | 'dateStyles'>> {
    const sharedEntry = this.sharedStringsPart === null ? null : this.zip.find(this.sharedStringsPart);
    const stylesEntry = this.stylesPart === null ? null : this.zip.find(this.stylesPart);
    const held = maxHeldPartBytes(this.limits);
    return {
      sharedStrings: sharedEntry === null ? [] : await readSharedStrings(this.zip, sharedEntry, held),
      dateStyles:
        stylesEntry === null ? [] : await dateStylesOf(partText(this.zip, stylesEntry, 'styles', held)),
    };
  }
}

async function readRelationships(
  zip: ZipArchive,
  part: string,
  label: string,
): Promise<(Relationship & { id: string | null })[]> {
  const entry = zip.find(part);
  if (entry === null) return [];
  const found: (Relationship & { id: string | null })[] = [];
  const name = label === '' ? 'package relationships' : `relationships of ${label}`;
  await parsePart(partText(zip, entry, name, MAX_STRUCTURE_PART_BYTES), name, {
    open(tag, attributes) {
      // An external target (a hyperlink's URL) is never a part of this package.
      if (localName(tag) !== 'Relationship' || attributes.TargetMode === 'External') return;
      found.push({ id: attributes.Id ?? null, type: attributes.Type ?? '', target: attributes.Target ?? '' });
    },
  });
  return found;
}

interface SheetEntry {
  name: string;
  state: SheetState;
  /** The relationship id naming its part (r:id, whatever the prefix). */
  id: string | null;
}

async function readWorkbook(
  zip: ZipArchive,
  entry: ZipEntry,
): Promise<{ sheets: SheetEntry[]; date1904: boolean }> {
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  await parsePart(partText(zip, entry, 'workbook', MAX_STRUCTURE_PART_BYTES), 'workbook', {
    open(tag, attributes) {
      const name = localName(tag);
      if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      else if (name === 'sheet') {
        const { state } = attributes;
        // The relationship id is r:id, whatever prefix the relationships namespace was given.
        const id = Object.keys(attributes).find(
          (attribute) => attribute.includes(':') && localName(attribute) === 'id',
        );
        sheets.push({
          name: attributes.name ?? '',
          state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
          id: id === undefined ? null : (attributes[id] ?? null),
        });
      }
    },
  });
  return { sheets, date1904 };
}

/** The shared strings, in order: the text of each item's runs, without phonetic guides (rPh). */
async function readSharedStrings(zip: ZipArchive, entry: ZipEntry, maxBytes: number): Promise<string[]> {
  const strings: string[] = [];
  let parts: string[] = [];
  let inText = false;
  let phonetic = 0;
  await parsePart(partText(zip, entry, 'shared strings', maxBytes), 'shared strings', {
    open(tag) {
      const name = localName(tag);
      if (name === 'si') parts = [];
      else if (name === 'rPh') phonetic += 1;
      else if (name === 't') inText = phonetic === 0;
    },
    close(tag) {
      const name = localName(tag);
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic -= 1;
      // A copy, so the string does not keep the whole decoded chunk it was cut from alive.
      else if (name === 'si') strings.push(unescapeExcelText(flatCopy(parts.join(''))));
    },
    text(text) {
      if (inText) parts.push(text);
    },
  });
  return strings;
}
