/** What the store knows of one SKU, enough to decide whether an upload changes it. */
export interface StoredProductDigest {
  sku: string;
  hash: string;
  status: 'ACTIVE' | 'DELISTED';
  seq: number;
}

export interface IncomingProductDigest {
  sku: string;
  hash: string;
}

/** A full upload is the producer's whole catalogue: what it lacks is delisted. A delta is not. */
export type UploadMode = 'full' | 'delta';

export interface CatalogueDiff {
  created: string[];
  updated: string[];
  unchanged: string[];
  delisted: string[];
}

/**
 * Pure diff by content hash. A SKU that was delisted and comes back counts as created: for the
 * channels it is a new listing. SKUs in `present` are in the file but their rows were rejected:
 * a typo in a price must not take a live listing down, so they are left as they are.
 */
export function diffCatalogue(
  stored: ReadonlyMap<string, StoredProductDigest>,
  incoming: readonly IncomingProductDigest[],
  mode: UploadMode,
  present: ReadonlySet<string> = new Set(),
): CatalogueDiff {
  const diff: CatalogueDiff = { created: [], updated: [], unchanged: [], delisted: [] };
  const seen = new Set<string>();
  for (const { sku, hash } of incoming) {
    seen.add(sku);
    const previous = stored.get(sku);
    if (!previous || previous.status === 'DELISTED') diff.created.push(sku);
    else if (previous.hash === hash) diff.unchanged.push(sku);
    else diff.updated.push(sku);
  }
  if (mode === 'full') {
    for (const previous of stored.values()) {
      if (previous.status === 'ACTIVE' && !seen.has(previous.sku) && !present.has(previous.sku)) {
        diff.delisted.push(previous.sku);
      }
    }
  }
  return diff;
}

export function hasChanges(diff: CatalogueDiff): boolean {
  return diff.created.length + diff.updated.length + diff.delisted.length > 0;
}
