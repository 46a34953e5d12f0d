import { describe, expect, it } from 'vitest';
import { gte } from '../../../functions/adapters/semver-gte.ts';

/* The bundles' stand-in for semver's `gte` (the X-Ray SDK's two calls): semver 2.0.0 precedence. */
describe('semver gte', () => {
  it('compares the Node versions cls-hooked checks at load', () => {
    expect(gte('24.22.3', '8.0.0')).toBe(true);
    expect(gte('20.20.2', '8.0.0')).toBe(true);
    expect(gte('8.0.0', '8.0.0')).toBe(true);
    expect(gte('7.10.1', '8.0.0')).toBe(false);
    expect(gte('v10.0.0', '8.0.0')).toBe(true);
  });

  it('compares each part as a number, not as text', () => {
    expect(gte('2.1692.0', '2.7.15')).toBe(true);
    expect(gte('2.7.9', '2.7.15')).toBe(false);
    expect(gte('10.0.0', '9.99.99')).toBe(true);
  });

  it('ranks prereleases as semver 2.0.0 does', () => {
    expect(gte('1.0.0', '1.0.0-rc.1')).toBe(true);
    expect(gte('1.0.0-rc.1', '1.0.0')).toBe(false);
    expect(gte('1.0.0-alpha.1', '1.0.0-alpha')).toBe(true);
    expect(gte('1.0.0-alpha', '1.0.0-alpha.1')).toBe(false);
    expect(gte('1.0.0-alpha.beta', '1.0.0-alpha.1')).toBe(true);
    expect(gte('1.0.0-beta.2', '1.0.0-beta.11')).toBe(false);
    expect(gte('1.0.0-rc.1+build.5', '1.0.0-rc.1')).toBe(true);
  });

  it('refuses what is not a version instead of guessing', () => {
    expect(() => gte('24.x', '8.0.0')).toThrow(TypeError);
    expect(() => gte('1.2', '1.0.0')).toThrow('Invalid Version: 1.2');
    expect(() => gte('01.2.3', '1.0.0')).toThrow(TypeError);
  });
});
