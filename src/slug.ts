// Slugs made from free text: file names, pack titles, citation keys. @sindresorhus/slugify
// builds its transliteration tables as it loads (tens of milliseconds, on every command), so
// it is loaded on first use: most file names are slugs already and never need it.

import type slugifyFunction from '@sindresorhus/slugify';
import { onFirstUse } from './lazy.js';

type Slugify = typeof slugifyFunction;

const load = onFirstUse('@sindresorhus/slugify', (loaded) => (loaded as { default: Slugify }).default);

export const slugify: Slugify = (text, options) => load()(text, options);
