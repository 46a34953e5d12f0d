/**
 * What a producer's source URL may reach. Fetching a URL a user typed is a server-side request
 * forgery risk: these pure checks decide, for a URL and then for every address its host resolves
 * to, whether feedbridge may connect. The fetch adapter (adapters/safe-fetch.ts) applies them to
 * the very address it connects to.
 */
import { isIP } from 'node:net';

export type SourceFetchCode =
  | 'SOURCE_URL_INVALID'
  | 'SOURCE_URL_NOT_HTTPS'
  | 'SOURCE_ADDRESS_REFUSED'
  | 'SOURCE_REDIRECT_REFUSED'
  | 'SOURCE_TOO_LARGE'
  | 'SOURCE_TIMEOUT'
  | 'SOURCE_HTTP_ERROR'
  | 'SOURCE_UNREACHABLE';

/** A refusal with the code the source record and the pull answer carry. */
export class SourceFetchError extends Error {
  override readonly name = 'SourceFetchError';
  constructor(
    readonly code: SourceFetchCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `deployed`: only public addresses. Locally (`allowPrivate`), loopback and private networks are
 * reachable too (a producer's file served on the laptop); link-local and cloud metadata never are.
 */
export interface AddressPolicy {
  allowPrivate: boolean;
}

export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

type Range = { base: number[]; bits: number; kind: AddressKind };

// Most specific first: metadata sits inside link-local (v4) and unique-local (v6).
const V4_RANGES: Range[] = [
  { base: [169, 254, 169, 254], bits: 32, kind: 'metadata' },
  { base: [0, 0, 0, 0], bits: 8, kind: 'unspecified' },
  { base: [127, 0, 0, 0], bits: 8, kind: 'loopback' },
  { base: [10, 0, 0, 0], bits: 8, kind: 'private' },
  { base: [172, 16, 0, 0], bits: 12, kind: 'private' },
  { base: [192, 168, 0, 0], bits: 16, kind: 'private' },
  { base: [100, 64, 0, 0], bits: 10, kind: 'private' },
  { base: [169, 254, 0, 0], bits: 16, kind: 'link-local' },
  { base: [192, 0, 0, 0], bits: 24, kind: 'reserved' },
  { base: [198, 18, 0, 0], bits: 15, kind: 'reserved' },
  { base: [224, 0, 0, 0], bits: 4, kind: 'multicast' },
  { base: [240, 0, 0, 0], bits: 4, kind: 'reserved' },
];

const V6_RANGES: Range[] = [
  { base: bytes6('fd00:ec2::254'), bits: 128, kind: 'metadata' },
  { base: bytes6('::'), bits: 128, kind: 'unspecified' },
  { base: bytes6('::1'), bits: 128, kind: 'loopback' },
  { base: bytes6('fe80::'), bits: 10, kind: 'link-local' },
  { base: bytes6('fc00::'), bits: 7, kind: 'private' },
  { base: bytes6('ff00::'), bits: 8, kind: 'multicast' },
  // Documentation and discard-only prefixes.
  { base: bytes6('2001:db8::'), bits: 32, kind: 'reserved' },
  { base: bytes6('100::'), bits: 64, kind: 'reserved' },
];

function bytes4(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (with an embedded dotted IPv4 tail, as in ::ffff:1.2.3.4). */
function bytes6(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const tail = /(\d+\.\d+\.\d+\.\d+)$/u.exec(text);
  if (tail?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = bytes4(tail[1]);
    text = `${text.slice(0, -tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...right];
  return groups.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [(value >> 8) & 0xff, value & 0xff];
  });
}

function inRange(address: number[], range: Range): boolean {
  let bits = range.bits;
  for (let index = 0; bits > 0; index += 1, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((address[index] ?? 0) & mask) !== ((range.base[index] ?? 0) & mask)) return false;
  }
  return true;
}

function classify4(address: number[]): AddressKind {
  return V4_RANGES.find((range) => inRange(address, range))?.kind ?? 'public';
}

/**
 * An IPv6 address that carries an IPv4 one is judged by it: IPv4-mapped (::ffff:a.b.c.d, also
 * written ::ffff:7f00:1), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
 */
function embeddedIpv4(address: number[]): number[] | null {
  const zeros = (from: number, to: number) => address.slice(from, to).every((byte) => byte === 0);
  if (zeros(0, 10) && address[10] === 0xff && address[11] === 0xff) return address.slice(12, 16);
  if (zeros(0, 12) && !zeros(12, 16) && !(zeros(12, 15) && address[15] === 1)) return address.slice(12, 16);
  const nat64 = bytes6('64:ff9b::');
  if (address.slice(0, 12).every((byte, index) => byte === nat64[index])) return address.slice(12, 16);
  if (address[0] === 0x20 && address[1] === 0x02) return address.slice(2, 6);
  return null;
}

export function classifyAddress(address: string): AddressKind {
  const family = isIP(address);
  if (family === 4) return classify4(bytes4(address));
  if (family !== 6) return 'reserved';
  const bytes = bytes6(address);
  const v4 = embeddedIpv4(bytes);
  if (v4 !== null) return classify4(v4);
  return V6_RANGES.find((range) => inRange(bytes, range))?.kind ?? 'public';
}

/** Null when feedbridge may connect to `address`; else why not. */
export function refusedAddress(address: string, policy: AddressPolicy): string | null {
  const kind = classifyAddress(address);
  if (kind === 'public') return null;
  if (policy.allowPrivate && (kind === 'loopback' || kind === 'private')) return null;
  return `${address} is a ${kind} address, which a source may not be fetched from`;
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.']);

/**
 * The URL as a source may name it: absolute, https (http only to a loopback host when private
 * addresses are allowed, the laptop's own server), no credentials in it, at most 2,048 characters.
 */
export function checkSourceUrl(text: string, policy: AddressPolicy): URL {
  let url: URL;
  try {
    if (text.length > 2048) throw new Error('too long');
    url = new URL(text);
  } catch {
    throw new SourceFetchError(
      'SOURCE_URL_INVALID',
      'the source must be an absolute URL of at most 2,048 characters',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new SourceFetchError('SOURCE_URL_INVALID', 'the source URL may not carry a user name or password');
  }
  if (url.protocol === 'https:') return url;
  const host = url.hostname.replace(/^\[|\]$/gu, '');
  const loopback = LOOPBACK_NAMES.has(host) || (isIP(host) !== 0 && classifyAddress(host) === 'loopback');
  if (url.protocol === 'http:' && policy.allowPrivate && loopback) return url;
  throw new SourceFetchError(
    'SOURCE_URL_NOT_HTTPS',
    `the source must be an https URL (got ${url.protocol.replace(':', '')})`,
  );
}

/** A redirect may only stay on the same host, scheme and port, and pass the same URL checks. */
export function checkRedirect(from: URL, location: string, policy: AddressPolicy): URL {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new SourceFetchError(
      'SOURCE_REDIRECT_REFUSED',
      'the source redirected to something that is not a URL',
    );
  }
  if (target.host !== from.host || target.protocol !== from.protocol) {
    throw new SourceFetchError(
      'SOURCE_REDIRECT_REFUSED',
      `the source redirected to ${target.protocol}//${target.host}: a source may only redirect on its own host (${from.host})`,
    );
  }
  return checkSourceUrl(target.href, policy);
}
