// What hub knows about licences, by SPDX id: the name, where the text lives and the
// statement printed in a pack's imprint and at the end of each piece.

import type { Licence } from './model.js';

const OGL3_URL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

export const LICENCES: Readonly<Record<string, Licence>> = {
  'OGL-UK-3.0': {
    id: 'OGL-UK-3.0',
    name: 'Open Government Licence v3.0',
    url: OGL3_URL,
    statement:
      'This publication is licensed under the terms of the Open Government Licence v3.0 except where otherwise stated. ' +
      'To view this licence, visit nationalarchives.gov.uk/doc/open-government-licence/version/3 or write to the Information Policy Team, ' +
      'The National Archives, Kew, London TW9 4DU, or email: psi@nationalarchives.gov.uk. Where we have identified any third-party ' +
      'copyright information you will need to obtain permission from the copyright holders concerned.',
  },
  'OGL-UK-2.0': {
    id: 'OGL-UK-2.0',
    name: 'Open Government Licence v2.0',
    url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/',
    statement: 'This publication is licensed under the terms of the Open Government Licence v2.0 except where otherwise stated. To view this licence, visit nationalarchives.gov.uk/doc/open-government-licence/version/2.',
  },
  'CC-BY-4.0': {
    id: 'CC-BY-4.0',
    name: 'Creative Commons Attribution 4.0 International',
    url: 'https://creativecommons.org/licenses/by/4.0/',
    statement: 'This publication is licensed under the Creative Commons Attribution 4.0 International licence (CC BY 4.0). To view a copy of this licence, visit creativecommons.org/licenses/by/4.0.',
  },
  'CC-BY-SA-4.0': {
    id: 'CC-BY-SA-4.0',
    name: 'Creative Commons Attribution-ShareAlike 4.0 International',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
    statement: 'This publication is licensed under the Creative Commons Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0). To view a copy of this licence, visit creativecommons.org/licenses/by-sa/4.0.',
  },
  'CC-BY-NC-4.0': {
    id: 'CC-BY-NC-4.0',
    name: 'Creative Commons Attribution-NonCommercial 4.0 International',
    url: 'https://creativecommons.org/licenses/by-nc/4.0/',
    statement: 'This publication is licensed under the Creative Commons Attribution-NonCommercial 4.0 International licence (CC BY-NC 4.0). To view a copy of this licence, visit creativecommons.org/licenses/by-nc/4.0.',
  },
  'CC0-1.0': {
    id: 'CC0-1.0',
    name: 'CC0 1.0 Universal public domain dedication',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
    statement: 'To the extent possible under law, the authors have waived all copyright and related rights in this publication (CC0 1.0). To view a copy of the dedication, visit creativecommons.org/publicdomain/zero/1.0.',
  },
};

export const LICENCE_IDS: readonly string[] = Object.keys(LICENCES);

/** The licence new hubs start with: what a UK public body publishes under. */
export const DEFAULT_LICENCE = 'OGL-UK-3.0';
