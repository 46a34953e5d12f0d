/**
 * The SKUs one catalogue has seen, compared without case, each with the row it first appeared on.
 *
 * Why not a Map of lower-cased SKUs: at a million rows that Map is about 60 MB of small strings and
 * entries on the collected heap (measured: 61.5 MB for 1M SKUs), nearly all of the preview's live
 * heap, and V8 sizes the old space at two to three times what it finds live, so the Map set the
 * 1M-row preview's peak memory. Here a SKU is its bytes in typed arrays outside the collected
 * heap (about 36 MB at 1M, growth included), and case is folded while hashing, so a row makes no
 * lower-cased copy of its SKU. SKU_PATTERN allows ASCII only; any other text (never a valid SKU)
 * still works, through a small Map keyed by toLowerCase as before.
 */

const EMPTY = 0;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** ASCII A-Z to a-z; other codes unchanged. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function grown<T extends Int32Array | Uint32Array | Uint8Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}

export class SkuIndex {
  /** Open addressing, linear probing: entry index + 1, EMPTY for a free slot; at most half full. */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(512);
  private rows = new Int32Array(512);
  /** Entry i's folded bytes are bytes[starts[i] .. starts[i + 1]). */
  private starts = new Uint32Array(513);
  private bytes = new Uint8Array(8192);
  private count = 0;
  /** Texts holding a non-ASCII character, keyed by toLowerCase (the comparison this index keeps). */
  private readonly others = new Map<string, number>();

  /** How many distinct SKUs have been recorded. */
  get size(): number {
    return this.count + this.others.size;
  }

  /** The row `sku` (without case) first appeared on; when it is new, records `row` as that and returns undefined. */
  claim(sku: string, row: number): number | undefined {
    let hash = FNV_OFFSET;
    for (let i = 0; i < sku.length; i += 1) {
      const code = sku.charCodeAt(i);
      if (code > 127) return this.claimOther(sku, row);
      hash = Math.imul(hash ^ fold(code), FNV_PRIME);
    }
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot] ?? EMPTY; entry !== EMPTY; entry = this.slots[slot] ?? EMPTY) {
      if (this.hashes[entry - 1] === hash && this.matches(entry - 1, sku)) return this.rows[entry - 1];
      slot = (slot + 1) & mask;
    }
    this.append(sku, hash, row, slot);
    return undefined;
  }

  private claimOther(sku: string, row: number): number | undefined {
    const folded = sku.toLowerCase();
    // toLowerCase can make ASCII of a non-ASCII text (the Kelvin sign folds to "k"): it then
    // compares equal to that ASCII SKU, as it did when every SKU went through toLowerCase.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII
    if (/^[\u0000-\u007f]*$/u.test(folded)) return this.claim(folded, row);
    const first = this.others.get(folded);
    if (first === undefined) this.others.set(folded, row);
    return first;
  }

  private matches(entry: number, sku: string): boolean {
    const start = this.starts[entry] ?? 0;
    if ((this.starts[entry + 1] ?? 0) - start !== sku.length) return false;
    for (let i = 0; i < sku.length; i += 1) {
      if (this.bytes[start + i] !== fold(sku.charCodeAt(i))) return false;
    }
    return true;
  }

  private append(sku: string, hash: number, row: number, slot: number): void {
    const entry = this.count;
    if (entry === this.hashes.length) {
      this.hashes = grown(this.hashes, entry * 2);
      this.rows = grown(this.rows, entry * 2);
      this.starts = grown(this.starts, entry * 2 + 1);
    }
    const start = this.starts[entry] ?? 0;
    if (start + sku.length > this.bytes.length) {
      this.bytes = grown(this.bytes, Math.max(this.bytes.length * 2, start + sku.length));
    }
    for (let i = 0; i < sku.length; i += 1) this.bytes[start + i] = fold(sku.charCodeAt(i));
    this.starts[entry + 1] = start + sku.length;
    this.hashes[entry] = hash;
    this.rows[entry] = row;
    this.slots[slot] = entry + 1;
    this.count = entry + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry += 1) {
      let slot = (this.hashes[entry] ?? 0) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}
