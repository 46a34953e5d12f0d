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
 * JSON.stringify of a string, without calling it for the usual case: a string with no quote,
 * backslash, control character or surrogate needs no escaping, so its JSON is the string in
 * quotes. Anything else goes to JSON.stringify, which stays the reference.
 */
function quotedString(text: string): string {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) {
      return JSON.stringify(text);
    }
  }
  return `"${text}"`;
}

/**
 * Sorts an object's own keys in place as Array.prototype.sort() would (UTF-16 code unit order;
 * keys are distinct, so stability does not arise). Products have about a dozen keys per level,
 * where an insertion sort beats the general sort's set-up cost.
 */
function sortKeys(keys: string[]): string[] {
  for (let index = 1; index < keys.length; index += 1) {
    const key = keys[index] as string;
    let at = index - 1;
    while (at >= 0 && (keys[at] as string) > key) {
      keys[at + 1] = keys[at] as string;
      at -= 1;
    }
    keys[at + 1] = key;
  }
  return keys;
}

/**
 * JSON with object keys sorted at every level, so the same product read from a CSV, an XLSX or
 * a JSON file (each with its own column order) hashes the same. Arrays keep their order: the
 * order of images or certifications is part of the content. Built by appending to one string
 * (no per-level arrays to join): the output is byte-identical to the array-and-join form the
 * stored hashes were made with (test/unit/sync/content-hash.test.ts compares them).
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quotedString(value);
    case 'number':
      // JSON writes a finite number exactly as String() does, and anything else as null.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(value) ?? 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) out += ',';
      out += canonicalJson(value[index] ?? null);
    }
    return `${out}]`;
  }
  const keys = sortKeys(Object.keys(value));
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
