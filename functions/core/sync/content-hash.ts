import { hash } from 'node:crypto';

/**
 * Quoted object keys, reused: products share a small set of field names, and JSON.stringify on
 * each key of each product was a measurable part of hashing 100k rows (docs/benchmarks.md).
 * Bounded so that arbitrary attribute names in a huge file cannot grow it without limit.
 */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 4096;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * JSON with object keys sorted at every level, so the same product read from a CSV, an XLSX or
 * a JSON file (each with its own column order) hashes the same. Arrays keep their order: the
 * order of images or certifications is part of the content. Built by appending to one string
 * (no per-level arrays to join): the output is byte-identical to the array-and-join form the
 * stored hashes were made with.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) out += ',';
      out += canonicalJson(value[index] ?? null);
    }
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry === undefined) continue;
    out += first ? quotedKey(key) : `,${quotedKey(key)}`;
    out += `:${canonicalJson(entry)}`;
    first = false;
  }
  return `${out}}`;
}

/** sha256 hex of the canonical JSON; `crypto.hash` is cheaper than createHash for one-shot input. */
export function contentHash(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'hex');
}
