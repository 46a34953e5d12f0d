import { hash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so the same product read from a CSV, an XLSX or
 * a JSON file (each with its own column order) hashes the same. Arrays keep their order: the
 * order of images or certifications is part of the content.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((entry) => canonicalJson(entry ?? null)).join(',')}]`;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(entry)}`);
  }
  return `{${parts.join(',')}}`;
}

/** sha256 hex of the canonical JSON; `crypto.hash` is cheaper than createHash for one-shot input. */
export function contentHash(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'hex');
}
