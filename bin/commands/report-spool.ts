import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  ChannelFinding,
  PreviewReport,
  PreviewSink,
} from '../../functions/core/preview/preview-catalogue.ts';

type ListName = 'accepted' | 'rejected' | 'warnings';
const LISTS: readonly ListName[] = ['accepted', 'rejected', 'warnings'];

/** Where each list's entries sit in report.json: channels > channel id > list > entry. */
const ENTRY_INDENT = ' '.repeat(8);
const LIST_INDENT = ' '.repeat(6);

function indented(json: string, pad: string): string {
  return pad + json.replaceAll('\n', `\n${pad}`);
}

class SpooledList {
  count = 0;
  private readonly stream: WriteStream;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }

  async add(value: unknown): Promise<void> {
    const entry = indented(JSON.stringify(value, null, 2), ENTRY_INDENT);
    const ready = this.stream.write(this.count === 0 ? entry : `,\n${entry}`);
    this.count += 1;
    if (!ready) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    // Idempotent: once finished, a stream never emits 'finish' again and waiting would hang.
    if (this.stream.writableFinished) return;
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
  }
}

export interface ChannelCounts {
  accepted: number;
  rejectedSkus: number;
  warnings: number;
  /** Kept for the console summary; rejections are the rare case, so this stays small. */
  rejected: ChannelFinding[];
}

/**
 * Collects preview's per-item outcomes in files instead of arrays and writes report.json from
 * them, so a million-row preview never holds its report in memory nor builds it as one string
 * (which fails past V8's maximum string length). The file is what JSON.stringify(report, null, 2)
 * would give for the full report.
 */
export class ReportSpool implements PreviewSink {
  private readonly lists = new Map<string, Record<ListName, SpooledList>>();
  private readonly rejectedSkus = new Map<string, Set<string>>();
  private readonly rejected = new Map<string, ChannelFinding[]>();

  private constructor(private readonly dir: string) {}

  static async create(dir: string): Promise<ReportSpool> {
    await mkdir(dir, { recursive: true });
    return new ReportSpool(dir);
  }

  private listsOf(channelId: string): Record<ListName, SpooledList> {
    let lists = this.lists.get(channelId);
    if (lists === undefined) {
      const file = (name: ListName) => new SpooledList(join(this.dir, `${this.lists.size}-${name}.jsonl`));
      lists = { accepted: file('accepted'), rejected: file('rejected'), warnings: file('warnings') };
      this.lists.set(channelId, lists);
    }
    return lists;
  }

  async accepted(channelId: string, sku: string): Promise<void> {
    await this.listsOf(channelId).accepted.add(sku);
  }

  async finding(channelId: string, kind: 'rejected' | 'warning', finding: ChannelFinding): Promise<void> {
    const lists = this.listsOf(channelId);
    if (kind === 'warning') {
      await lists.warnings.add(finding);
      return;
    }
    await lists.rejected.add(finding);
    const skus = this.rejectedSkus.get(channelId) ?? new Set<string>();
    skus.add(finding.sku);
    this.rejectedSkus.set(channelId, skus);
    const kept = this.rejected.get(channelId) ?? [];
    kept.push(finding);
    this.rejected.set(channelId, kept);
  }

  counts(channelId: string): ChannelCounts {
    const lists = this.lists.get(channelId);
    return {
      accepted: lists?.accepted.count ?? 0,
      rejectedSkus: this.rejectedSkus.get(channelId)?.size ?? 0,
      warnings: lists?.warnings.count ?? 0,
      rejected: this.rejected.get(channelId) ?? [],
    };
  }

  async close(): Promise<void> {
    for (const lists of this.lists.values()) for (const name of LISTS) await lists[name].close();
  }

  /** Writes the report, with the spooled lists in place of the report's (empty) channel arrays. */
  async writeReport(report: PreviewReport, path: string): Promise<void> {
    await this.close();
    const out = createWriteStream(path);
    const write = async (text: string): Promise<void> => {
      if (!out.write(text)) await once(out, 'drain');
    };
    const { channels, ...head } = report;
    const headJson = JSON.stringify(head, null, 2);
    await write(`${headJson.slice(0, -2)},\n  "channels": {`);
    const channelIds = Object.keys(channels);
    if (channelIds.length === 0) await write('}');
    for (const [index, channelId] of channelIds.entries()) {
      await write(`${index === 0 ? '' : ','}\n    ${JSON.stringify(channelId)}: {`);
      const lists = this.lists.get(channelId);
      for (const name of LISTS) {
        const list = lists?.[name];
        await write(`\n${LIST_INDENT}${JSON.stringify(name)}: `);
        if (list === undefined || list.count === 0) {
          await write('[],');
          continue;
        }
        await write('[\n');
        for await (const chunk of createReadStream(list.path)) {
          if (!out.write(chunk)) await once(out, 'drain');
        }
        await write(`\n${LIST_INDENT}],`);
      }
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
