import { useEffect, useRef, useState } from 'preact/hooks';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; value: T };

function sameDependencies(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

/**
 * Runs `load` whenever a dependency changes and keeps only the answer of the latest run, so a slow
 * answer to an old filter never replaces the answer to the new one. `reload()` runs it again but
 * keeps showing the last answer meanwhile (polling must not flash "Loading").
 */
export function useLoad<T>(
  load: () => Promise<T>,
  dependencies: readonly unknown[],
): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const previous = useRef<readonly unknown[] | null>(null);
  useEffect(() => {
    let current = true;
    if (previous.current === null || !sameDependencies(previous.current, dependencies)) {
      setLoaded({ state: 'loading' });
    }
    previous.current = dependencies;
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: unknown) => current && setLoaded({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [...dependencies, generation]);
  return [loaded, () => setGeneration((value) => value + 1)];
}
