import { taskMessageBody } from '../../../functions/adapters/sqs-task-queue.ts';
import type { OfferingKind } from '../../../functions/core/catalogue/offering.ts';
import { SQS_MESSAGE_MAX_BYTES } from '../../../functions/core/service-limits.ts';
import type { StoredProductDigest } from '../../../functions/core/sync/catalogue-diff.ts';
import type {
  BlobStore,
  CatalogueReportRecord,
  CatalogueStore,
  DocumentWriter,
  ProducerMeta,
  ProductStore,
  RecordOutcome,
  SyncStatePage,
  SyncStateStore,
  TaskQueue,
} from '../../../functions/core/sync/ports.ts';
import { TasksNotQueuedError } from '../../../functions/core/sync/sync-errors.ts';
import {
  type ProductRecord,
  recordKind,
  type SyncStateRecord,
  type SyncTask,
} from '../../../functions/core/sync/sync-records.ts';

/**
 * In-memory implementations of the sync ports with the same rules as the DynamoDB adapter
 * (conditional on sequence, lease on the producer): the use cases are tested without mocks.
 */
export class InMemoryStore implements CatalogueStore, SyncStateStore, ProductStore {
  readonly meta = new Map<string, ProducerMeta>();
  readonly products = new Map<string, ProductRecord>();
  readonly states = new Map<string, SyncStateRecord>();
  readonly reports = new Map<string, CatalogueReportRecord>();
  writes = 0;
  /** Fault: writeChanges stops after the states, as when the product writes run out of retries. */
  failProductWrites = false;

  async getReport(producerId: string, catalogueId: string): Promise<CatalogueReportRecord | null> {
    return this.reports.get(`${producerId}/${catalogueId}`) ?? null;
  }
  async getProducerMeta(producerId: string): Promise<ProducerMeta> {
    return this.meta.get(producerId) ?? { seq: 0, leaseUntil: null };
  }
  async listProductDigests(
    producerId: string,
    kind: OfferingKind = 'product',
  ): Promise<Map<string, StoredProductDigest>> {
    const digests = new Map<string, StoredProductDigest>();
    for (const record of this.products.values()) {
      if (record.producerId !== producerId || recordKind(record) !== kind) continue;
      digests.set(record.sku, { sku: record.sku, hash: record.hash, status: record.status, seq: record.seq });
    }
    return digests;
  }
  async claimSequence(
    producerId: string,
    expectedSeq: number,
    leaseUntil: number,
    now: number,
  ): Promise<number | null> {
    const meta = await this.getProducerMeta(producerId);
    if (meta.seq !== expectedSeq || (meta.leaseUntil !== null && meta.leaseUntil > now)) return null;
    this.writes += 1;
    this.meta.set(producerId, { seq: expectedSeq + 1, leaseUntil });
    return expectedSeq + 1;
  }
  async releaseLease(producerId: string, seq: number): Promise<void> {
    const meta = this.meta.get(producerId);
    if (meta && meta.seq === seq) {
      this.writes += 1;
      this.meta.set(producerId, { seq, leaseUntil: null });
    }
  }
  async writeChanges(products: ProductRecord[], states: SyncStateRecord[]): Promise<void> {
    for (const state of states) {
      this.writes += 1;
      this.states.set(stateKey(state), structuredClone(state));
    }
    if (this.failProductWrites) throw new Error('injected: product writes still unprocessed');
    for (const product of products) {
      this.writes += 1;
      this.products.set(
        offeringKeyOf(product.producerId, recordKind(product), product.sku),
        structuredClone(product),
      );
    }
  }
  async putReport(report: CatalogueReportRecord): Promise<void> {
    this.writes += 1;
    this.reports.set(`${report.producerId}/${report.catalogueId}`, structuredClone(report));
  }
  async record(state: SyncStateRecord): Promise<RecordOutcome> {
    const current = this.states.get(stateKey(state));
    if (current && current.seq > state.seq) return 'superseded';
    this.writes += 1;
    this.states.set(stateKey(state), structuredClone(state));
    return 'written';
  }
  async replaceState(expected: SyncStateRecord, next: SyncStateRecord): Promise<RecordOutcome> {
    const current = this.states.get(stateKey(expected));
    if (
      !current ||
      current.seq !== expected.seq ||
      current.state !== expected.state ||
      current.requeues !== expected.requeues
    ) {
      return 'superseded';
    }
    this.writes += 1;
    this.states.set(stateKey(next), structuredClone(next));
    return 'written';
  }
  async listStates(
    producerId: string,
    channel: string,
    page: { limit: number; cursor: string | null },
  ): Promise<SyncStatePage> {
    const all = [...this.states.values()]
      .filter((state) => state.producerId === producerId && state.channel === channel)
      .sort((a, b) => a.sku.localeCompare(b.sku));
    const start = page.cursor ? Number(page.cursor) : 0;
    const items = all.slice(start, start + page.limit);
    return { items, cursor: start + page.limit < all.length ? String(start + page.limit) : null };
  }
  async getStates(producerId: string, channel: string, skus: string[]): Promise<SyncStateRecord[]> {
    return skus.flatMap((sku) => {
      const state = this.states.get(`${producerId}/${channel}/${sku}`);
      return state ? [state] : [];
    });
  }
  async *listStuck(
    channel: string,
    state: 'PENDING' | 'FAILED',
    olderThan: string,
  ): AsyncIterable<SyncStateRecord> {
    for (const record of this.states.values()) {
      if (record.channel !== channel || record.state !== state || record.parkedAt !== undefined) continue;
      if ((record.staleSince ?? record.updatedAt) < olderThan) yield structuredClone(record);
    }
  }
  async getProducts(
    producerId: string,
    skus: string[],
    kind: OfferingKind = 'product',
  ): Promise<ProductRecord[]> {
    return skus.flatMap((sku) => {
      const record = this.products.get(offeringKeyOf(producerId, kind, sku));
      return record ? [record] : [];
    });
  }
  async *listProducers(): AsyncIterable<string> {
    yield* new Set([...this.products.values()].map((record) => record.producerId));
  }
}

/** Products under "producer/sku" (as the tests always read them), tours under "producer/tour:code" (TOUR#). */
export function offeringKeyOf(producerId: string, kind: OfferingKind, key: string): string {
  return kind === 'tour' ? `${producerId}/tour:${key}` : `${producerId}/${key}`;
}

function stateKey(state: Pick<SyncStateRecord, 'producerId' | 'channel' | 'sku'>): string {
  return `${state.producerId}/${state.channel}/${state.sku}`;
}

/** Queues like SqsTaskQueue: a task whose message would exceed SQS's limit is refused, the rest go. */
export class InMemoryQueue implements TaskQueue {
  readonly sent: SyncTask[] = [];
  async send(tasks: SyncTask[]): Promise<void> {
    const refused: { task: SyncTask; reason: string }[] = [];
    for (const task of tasks) {
      const bytes = Buffer.byteLength(taskMessageBody(task));
      if (bytes > SQS_MESSAGE_MAX_BYTES) refused.push({ task, reason: `message of ${bytes} bytes` });
      else this.sent.push(structuredClone(task));
    }
    if (refused.length > 0) throw new TasksNotQueuedError(refused, `${refused.length} task(s) not queued`);
  }
  take(): SyncTask[] {
    return this.sent.splice(0, this.sent.length);
  }
}

export class InMemoryBlobs implements BlobStore {
  readonly objects = new Map<string, Uint8Array>();
  async put(key: string, body: string | Uint8Array): Promise<void> {
    this.objects.set(key, typeof body === 'string' ? Buffer.from(body) : body);
  }
  async get(key: string): Promise<Uint8Array | null> {
    return this.objects.get(key) ?? null;
  }
  async openWriter(key: string): Promise<DocumentWriter> {
    const chunks: Buffer[] = [];
    return {
      write: async (chunk) => {
        chunks.push(Buffer.from(chunk));
      },
      close: async () => {
        this.objects.set(key, Buffer.concat(chunks));
      },
      abort: async () => {},
    };
  }
  text(key: string): string | null {
    const bytes = this.objects.get(key);
    return bytes ? Buffer.from(bytes).toString('utf8') : null;
  }
}
