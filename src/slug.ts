// Slugs made from free text: file names, pack titles, citation keys. @sindresorhus/slugify
// builds its transliteration tables as it loads (tens of milliseconds, on every command), so
// it is loaded on first use: most file names are slugs already and never need it.

import { createRequire } from 'node:module';
import type slugifyFunction from '@sindresorhus/slugify';

type Slugify = typeof slugifyFunction;

let loaded: Slugify | undefined;

export const slugify: Slugify = (text, options) => {
  loaded ??= (createRequire(import.meta.url)('@sindresorhus/slugify') as { default: Slugify }).default;
  return loaded(text, options);
};
