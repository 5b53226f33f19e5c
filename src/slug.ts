// Slugs made from free text: file names, pack titles, citation keys. @sindresorhus/slugify
// builds its transliteration tables as it loads (tens of milliseconds, on every command), so
// it is loaded on first use: most file names are slugs already and never need it, nor do titles of plain words.

import type slugifyFunction from '@sindresorhus/slugify';
import { onFirstUse } from './lazy.js';

type Slugify = typeof slugifyFunction;

const load = onFirstUse('@sindresorhus/slugify', (loaded) => (loaded as { default: Slugify }).default);

/** Words of plain letters and digits, each lowercase after its first letter: nothing to transliterate or split. */
const PLAIN_WORDS = /^ *(?:[A-Za-z0-9][a-z0-9]*(?: +|$))*$/;

/** Slugify's result; text of plain words (a pack's default title) is joined here without loading it. */
export const slugify: Slugify = (text, options) =>
  options === undefined && PLAIN_WORDS.test(text) ? text.trim().toLowerCase().split(/ +/).join('-') : load()(text, options);
