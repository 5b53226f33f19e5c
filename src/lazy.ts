// Packages that cost start-up time as they load (tables built, parsers compiled) and that
// many runs never need, loaded on first use instead. Node ≥ 20.19 requires CommonJS and ES
// modules alike (without top-level await), so the call stays synchronous.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `pick(package)` the first time the result is called, and the same value after. */
export function onFirstUse<T>(specifier: string, pick: (loaded: unknown) => T): () => T {
  let value: T | undefined;
  return () => (value ??= pick(require(specifier)));
}
