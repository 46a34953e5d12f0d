/**
 * The one function of `semver` the bundles call, in place of the package (esbuild aliases `semver`
 * here: `LAMBDA_ALIASES` in lib/constructs/feedbridge-function.ts). The X-Ray SDK under Powertools
 * Tracer requires semver for two `gte` calls: cls-hooked compares the Node version at load, and the
 * AWS SDK v2 patcher (never used: the clients are v3) checks that SDK's version. The package is
 * 29 kB of each bundle for them (docs/benchmarks.md, "Bundles").
 *
 * Versions as semver 2.0.0 writes them ("24.22.3", "v1.2.3-beta.2+build"); anything else throws a
 * TypeError as semver's own `gte` does, so a caller never gets a guessed answer.
 */
const VERSION =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

interface Version {
  readonly core: readonly [number, number, number];
  readonly prerelease: readonly string[];
}

function parse(text: string): Version {
  const match = VERSION.exec(typeof text === 'string' ? text.trim() : '');
  if (!match) throw new TypeError(`Invalid Version: ${String(text)}`);
  return {
    core: [Number(match[1]), Number(match[2]), Number(match[3])],
    prerelease: match[4] === undefined ? [] : match[4].split('.'),
  };
}

const NUMERIC = /^\d+$/;

/** Precedence of two prerelease identifiers (semver 2.0.0, 11.4). */
function compareIdentifier(a: string, b: string): number {
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compare(a: Version, b: Version): number {
  for (let index = 0; index < 3; index += 1) {
    const difference = (a.core[index] ?? 0) - (b.core[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  // A version without a prerelease ranks above the same version with one.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return Math.sign(b.prerelease.length - a.prerelease.length);
  }
  const length = Math.max(a.prerelease.length, b.prerelease.length);
  for (let index = 0; index < length; index += 1) {
    const left = a.prerelease[index];
    const right = b.prerelease[index];
    if (left === undefined) return -1;
    if (right === undefined) return 1;
    const order = compareIdentifier(left, right);
    if (order !== 0) return order;
  }
  return 0;
}

/** `a >= b` in semver precedence (build metadata ignored). */
export function gte(a: string, b: string): boolean {
  return compare(parse(a), parse(b)) >= 0;
}
