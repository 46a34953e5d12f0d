/**
 * mulberry32: small, fast and the same sequence for the same seed on every machine, so property
 * loops, generated catalogues and fault rolls are random but reproducible (Math.random cannot be
 * seeded). Shared by the tests and the benchmark's catalogue generator.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
