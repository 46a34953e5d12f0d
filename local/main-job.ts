import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { OFFERING_KINDS } from '../functions/core/catalogue/offering.ts';
import { channelIdsTaking } from '../functions/core/channels/channel-kinds.ts';
import type { SyncStatus } from '../functions/core/sync/sync-status.ts';
import { PRODUCER_CLAIM } from './dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from './embedded-stack.ts';
import { cleanUpOnInterrupt } from './interrupt-cleanup.ts';
import { invokeHttp, routes } from './invoke-http.ts';
import { createLambdaContext } from './lambda-context.ts';
import { loadLocalFunctions, localChannels } from './local-functions.ts';
import { claimOwnedFolder } from './owned-folder.ts';
import { createProgress } from './progress.ts';
import { createSyncQueuePoller } from './sync-queue-poller.ts';

const manifestSchema = z.object({
  producers: z.array(
    z.object({ producerId: z.string(), name: z.string(), file: z.string(), contentType: z.string() }),
  ),
});

const ingestAnswerSchema = z.object({
  catalogueId: z.string(),
  rows: z.object({ total: z.number(), accepted: z.number(), rejected: z.number() }),
  changes: z.object({
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    delisted: z.number(),
  }),
  offeringKind: z.enum(OFFERING_KINDS).default('product'),
});

export interface MainJobOptions {
  samplesDir: string;
  outDir: string;
  write?: (text: string) => void;
}

/**
 * `npm start`: the whole pipeline on the embedded stack. Uploads every sample through the ingest
 * handler, drains the queue through the worker, runs one scheduled sync (feeds land in
 * <outDir>/feeds) and prints what each producer would see, per channel.
 */
export async function runMainJob(options: MainJobOptions): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const outDir = resolve(options.outDir);
  const manifest = manifestSchema.parse(
    JSON.parse(await readFile(join(options.samplesDir, 'producers.json'), 'utf8')),
  );
  // Only what an earlier start wrote there is replaced: never the folder, never anything else in it.
  const out = await claimOwnedFolder(options.outDir, 'feedbridge start');
  const dataDir = await mkdtemp(join(tmpdir(), 'feedbridge-start-'));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  // Interrupted, the run is still writing while this cleans up: the marker is written last and
  // synchronously, right before the process exits, so it lists everything the run created.
  const forgetCleanUp = cleanUpOnInterrupt(async () => {
    await removeDataDir();
    out.recordCreatedNow();
  });
  let stack: EmbeddedStack | undefined;
  try {
    stack = await startEmbeddedStack({ dataDir, objectDir: outDir });
    const channels = localChannels();
    const functions = await loadLocalFunctions(stack, { extraEnv: { CHANNELS: channels.join(',') } });
    const poller = createSyncQueuePoller(stack, functions.syncWorker, {
      maxBatchingWindowMs: 0,
      retryDelaySeconds: 1,
    });
    write(`feedbridge: embedded stack up (DynamoDB ${stack.dynamodbEndpoint}, SQS ${stack.sqsEndpoint})\n\n`);

    let expectedTasks = 0;
    for (const producer of manifest.producers) {
      const body = await readFile(join(options.samplesDir, producer.file));
      const answer = await invokeHttp(functions.ingestCatalogue, {
        ...routes.upload(producer.producerId, body, producer.contentType),
        claims: { [PRODUCER_CLAIM]: producer.producerId },
      });
      if (answer.statusCode !== 202) {
        write(`upload ${producer.file}: HTTP ${answer.statusCode} ${JSON.stringify(answer.body)}\n`);
        continue;
      }
      const result = ingestAnswerSchema.parse(answer.body);
      const { rows, changes, offeringKind } = result;
      // Tasks go only to the channels taking what the file held (products, or tour packages).
      const taking = channelIdsTaking(offeringKind, channels).length;
      expectedTasks += (changes.created + changes.updated + changes.delisted) * taking;
      const what = offeringKind === 'tour' ? 'tours' : 'rows';
      write(
        `upload ${producer.file.padEnd(26)} -> ${result.catalogueId}  ${what} ${rows.accepted}/${rows.total} accepted, ` +
          `${rows.rejected} rejected; ${changes.created} new, ${changes.updated} updated, ${changes.delisted} delisted\n`,
      );
    }

    const progress = createProgress('sync');
    const ticker = setInterval(() => progress.update(poller.totals.succeeded, expectedTasks), 200);
    try {
      await poller.drain({ timeoutMs: 120_000 });
    } finally {
      clearInterval(ticker);
    }
    progress.update(poller.totals.succeeded, expectedTasks);
    progress.finish(`${poller.totals.succeeded} tasks done, ${poller.totals.failed} retried`);

    const scheduled = await functions.scheduledSync(createLambdaContext({ functionName: 'scheduled-sync' }));
    write(
      `\nscheduled sync: ${scheduled.feeds.length} feed documents, ${scheduled.requeued} items re-queued\n`,
    );
    for (const feed of scheduled.feeds) write(`  ${join(outDir, feed.key)}  (${feed.items} items)\n`);

    write('\n');
    const statuses: SyncStatus[] = [];
    for (const producer of manifest.producers) {
      const answer = await invokeHttp(functions.syncStatus, {
        ...routes.syncStatus(producer.producerId, 'limit=1000'),
        claims: { [PRODUCER_CLAIM]: producer.producerId },
      });
      if (answer.statusCode === 200) statuses.push(answer.body as SyncStatus);
    }
    write(formatStatusTable(statuses));
    return 0;
  } finally {
    forgetCleanUp();
    await stack?.stop();
    await out.recordCreated();
    await removeDataDir();
  }
}

export function formatStatusTable(statuses: SyncStatus[]): string {
  const header = [
    'producer',
    'channel',
    'synced',
    'rejected',
    'delisted',
    'pending',
    'failed',
    'top rejection reasons',
  ];
  const rows: string[][] = [];
  for (const status of statuses) {
    for (const [channel, detail] of Object.entries(status.channels)) {
      // A channel with no item of this producer (a tour operator on tmall-global): no line.
      if (Object.values(detail.counts).every((count) => count === 0)) continue;
      const reasons = new Map<string, number>();
      for (const item of detail.items) {
        if (item.state !== 'REJECTED') continue;
        for (const reason of item.reasons) reasons.set(reason.code, (reasons.get(reason.code) ?? 0) + 1);
      }
      const top = [...reasons.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([code, count]) => `${code} x${count}`)
        .join(', ');
      rows.push([
        status.producerId,
        channel,
        String(detail.counts.SYNCED),
        String(detail.counts.REJECTED),
        String(detail.counts.DELISTED),
        String(detail.counts.PENDING),
        String(detail.counts.FAILED),
        top || '-',
      ]);
    }
  }
  const widths = header.map((title, column) =>
    rows.reduce((width, row) => Math.max(width, row[column]?.length ?? 0), title.length),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n')}\n`;
}
