import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RowIssue } from '../../functions/core/catalogue/codes.ts';
import type {
  ChannelFinding,
  PreviewReport,
  PreviewSink,
} from '../../functions/core/preview/preview-catalogue.ts';
import { WarningGroups } from '../../functions/core/preview/warning-groups.ts';

/** The lists written as they come; warnings are grouped in memory (a few dozen groups, bounded). */
type ListName = 'accepted' | 'rejected';
const LISTS: readonly ListName[] = ['accepted', 'rejected'];

/** Rejections the console summary prints; the rest are counted and are in report.json. */
export const CONSOLE_REJECTED_LIMIT = 1_000;

/** Where each list's entries sit in report.json: channels > channel id > list > entry. */
const ENTRY_INDENT = ' '.repeat(8);
const LIST_INDENT = ' '.repeat(6);
/** The catalogue's own lists sit at the top: report > list > entry. */
const TOP_ENTRY_INDENT = ' '.repeat(4);

/** Characters a list gathers before one write: a write per entry was a tenth of preview's time. */
const SPOOL_CHUNK_CHARS = 64 * 1024;

function indented(json: string, pad: string): string {
  return pad + json.replaceAll('\n', `\n${pad}`);
}

/**
 * JSON.stringify(value, null, 2), indented by `pad`. An accepted SKU (a string) and a finding
 * (an object of strings) are written directly, without the pretty printer and the second pass
 * that indents its lines; JSON.stringify writes the same text for them (report-spool.test.ts).
 */
export function entryJson(value: unknown, pad: string): string {
  if (typeof value === 'string') return pad + JSON.stringify(value);
  // Only a plain object: a class instance or a Date may carry a toJSON of its own.
  const prototype = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    return indented(JSON.stringify(value, null, 2), pad);
  }
  let json = '';
  for (const key in value as object) {
    if (!Object.hasOwn(value as object, key)) continue;
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    if (typeof member !== 'string') return indented(JSON.stringify(value, null, 2), pad);
    json += `${json === '' ? '' : ','}\n${pad}  ${JSON.stringify(key)}: ${JSON.stringify(member)}`;
  }
  return json === '' ? `${pad}{}` : `${pad}{${json}\n${pad}}`;
}

class SpooledList {
  count = 0;
  private readonly stream: WriteStream;
  private pending = '';
  /** A stream error (a full disk, the folder removed on SIGTERM) fails the next add or close. */
  private failure: unknown;

  constructor(
    readonly path: string,
    private readonly indent: string = ENTRY_INDENT,
  ) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  async add(value: unknown): Promise<void> {
    const entry = entryJson(value, this.indent);
    this.pending += this.count === 0 ? entry : `,\n${entry}`;
    this.count += 1;
    if (this.pending.length >= SPOOL_CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    const chunk = this.pending;
    this.pending = '';
    if (chunk !== '' && !this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    // Idempotent: once finished, a stream never emits 'finish' again and waiting would hang.
    if (this.stream.writableFinished) return;
    await this.flush();
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
  }
}

export interface ChannelCounts {
  accepted: number;
  rejectedSkus: number;
  warnings: number;
  /** The first CONSOLE_REJECTED_LIMIT rejections, for the console summary. */
  rejected: ChannelFinding[];
  /** How many rejections there are in all. */
  rejectedFindings: number;
}

interface ChannelState {
  lists: Record<ListName, SpooledList>;
  warnings: WarningGroups;
  rejected: ChannelFinding[];
  rejectedSkus: number;
  /** A product's findings come together, so counting SKU changes counts rejected SKUs without a set. */
  lastRejectedSku: string | null;
}

/**
 * Collects preview's per-item outcomes in files instead of arrays and writes report.json from
 * them, so a million-row preview never holds its report in memory nor builds it as one string
 * (which fails past V8's maximum string length). The file is what JSON.stringify(report, null, 2)
 * would give for the full report with each channel's warnings grouped (groupWarnings): the
 * same warning on every item is one entry with a count, not one entry per item.
 */
export class ReportSpool implements PreviewSink {
  private readonly channels = new Map<string, ChannelState>();
  /** The report's `errors` and `rowWarnings`, spooled like the channels' lists. */
  private readonly rowLists: { errors: SpooledList; rowWarnings: SpooledList };

  private constructor(private readonly dir: string) {
    this.rowLists = {
      errors: new SpooledList(join(dir, 'errors.jsonl'), TOP_ENTRY_INDENT),
      rowWarnings: new SpooledList(join(dir, 'row-warnings.jsonl'), TOP_ENTRY_INDENT),
    };
  }

  async rowIssue(kind: 'error' | 'warning', issue: RowIssue): Promise<void> {
    await (kind === 'error' ? this.rowLists.errors : this.rowLists.rowWarnings).add(issue);
  }

  /** Row errors and warnings, for the console summary. */
  rowIssueCounts(): { errors: number; warnings: number } {
    return { errors: this.rowLists.errors.count, warnings: this.rowLists.rowWarnings.count };
  }

  static async create(dir: string): Promise<ReportSpool> {
    await mkdir(dir, { recursive: true });
    return new ReportSpool(dir);
  }

  private stateOf(channelId: string): ChannelState {
    let state = this.channels.get(channelId);
    if (state === undefined) {
      const file = (name: ListName) => new SpooledList(join(this.dir, `${this.channels.size}-${name}.jsonl`));
      state = {
        lists: { accepted: file('accepted'), rejected: file('rejected') },
        warnings: new WarningGroups(),
        rejected: [],
        rejectedSkus: 0,
        lastRejectedSku: null,
      };
      this.channels.set(channelId, state);
    }
    return state;
  }

  async accepted(channelId: string, sku: string): Promise<void> {
    await this.stateOf(channelId).lists.accepted.add(sku);
  }

  async finding(channelId: string, kind: 'rejected' | 'warning', finding: ChannelFinding): Promise<void> {
    const state = this.stateOf(channelId);
    if (kind === 'warning') {
      state.warnings.add(finding);
      return;
    }
    await state.lists.rejected.add(finding);
    if (finding.sku !== state.lastRejectedSku) {
      state.rejectedSkus += 1;
      state.lastRejectedSku = finding.sku;
    }
    if (state.rejected.length < CONSOLE_REJECTED_LIMIT) state.rejected.push(finding);
  }

  counts(channelId: string): ChannelCounts {
    const state = this.channels.get(channelId);
    return {
      accepted: state?.lists.accepted.count ?? 0,
      rejectedSkus: state?.rejectedSkus ?? 0,
      warnings: state?.warnings.count ?? 0,
      rejected: state?.rejected ?? [],
      rejectedFindings: state?.lists.rejected.count ?? 0,
    };
  }

  async close(): Promise<void> {
    await this.rowLists.errors.close();
    await this.rowLists.rowWarnings.close();
    for (const state of this.channels.values()) for (const name of LISTS) await state.lists[name].close();
  }

  /** Copies a spooled list's file into the report. */
  private async copyList(list: SpooledList, write: (text: string) => Promise<void>, out: WriteStream) {
    for await (const chunk of createReadStream(list.path)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    await write('');
  }

  /** Writes the report, with the spooled lists in place of the report's (empty) channel arrays. */
  async writeReport(report: PreviewReport, path: string): Promise<void> {
    await this.close();
    const out = createWriteStream(path);
    const write = async (text: string): Promise<void> => {
      if (!out.write(text)) await once(out, 'drain');
    };
    const { channels, errors, rowWarnings, ...head } = report;
    const headJson = JSON.stringify(head, null, 2);
    await write(`${headJson.slice(0, -2)},`);
    // The reader gave its row issues to rowIssue (the lists) or, without it, to the report's arrays.
    for (const [name, list, inReport] of [
      ['errors', this.rowLists.errors, errors],
      ['rowWarnings', this.rowLists.rowWarnings, rowWarnings],
    ] as const) {
      if (list.count === 0) {
        const json = JSON.stringify(inReport, null, 2).replaceAll('\n', '\n  ');
        await write(`\n  ${JSON.stringify(name)}: ${json},`);
        continue;
      }
      await write(`\n  ${JSON.stringify(name)}: [\n`);
      await this.copyList(list, write, out);
      await write('\n  ],');
    }
    await write('\n  "channels": {');
    const channelIds = Object.keys(channels);
    if (channelIds.length === 0) await write('}');
    for (const [index, channelId] of channelIds.entries()) {
      await write(`${index === 0 ? '' : ','}\n    ${JSON.stringify(channelId)}: {`);
      const state = this.channels.get(channelId);
      for (const name of LISTS) {
        const list = state?.lists[name];
        await write(`\n${LIST_INDENT}${JSON.stringify(name)}: `);
        if (list === undefined || list.count === 0) {
          await write('[],');
          continue;
        }
        await write('[\n');
        await this.copyList(list, write, out);
        await write(`\n${LIST_INDENT}],`);
      }
      const warnings = JSON.stringify(state?.warnings.list() ?? [], null, 2);
      await write(`\n${LIST_INDENT}"warnings": ${warnings.replaceAll('\n', `\n${LIST_INDENT}`)},`);
      const documents = JSON.stringify(channels[channelId]?.documents ?? [], null, 2);
      await write(`\n${LIST_INDENT}"documents": ${documents.replaceAll('\n', `\n${LIST_INDENT}`)}`);
      const ruleEffects = channels[channelId]?.ruleEffects;
      if (ruleEffects !== undefined) {
        const json = JSON.stringify(ruleEffects, null, 2);
        await write(`,\n${LIST_INDENT}"ruleEffects": ${json.replaceAll('\n', `\n${LIST_INDENT}`)}`);
      }
      await write('\n    }');
    }
    if (channelIds.length > 0) await write('\n  }');
    await write('\n}\n');
    out.end();
    await once(out, 'finish');
  }
}
