/**
 * Picks and strings drawn from a seeded sequence, for property tests that compare a faster
 * implementation with the one it replaced on generated inputs.
 */
import { seededRandom } from './seeded-random.ts';

export class RandomCases {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** Uniform in [0, 1). */
  fraction(): number {
    return this.next();
  }

  /** Whole number in [0, below). */
  below(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }

  /** Up to `maxPieces` pieces drawn from `alphabet` (a piece may be several characters). */
  text(alphabet: readonly string[], maxPieces: number): string {
    let text = '';
    const pieces = this.below(maxPieces + 1);
    for (let index = 0; index < pieces; index += 1) text += this.pick(alphabet);
    return text;
  }
}
