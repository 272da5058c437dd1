/**
 * Makes `build` run at most once and remembers what it made: composition roots export one of these per
 * dependency, so each Lambda bundle builds (and bundles) only the clients its handler asks for.
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
