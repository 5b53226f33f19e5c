// Authors' names as reference managers hold them: family, given and the particle
// ("de la" in María de la Cruz), or a body's name whole ("Cabinet Office"). Authors write names
// as they are said, "Tomás Ó Briain"; "Family, Given" is also accepted, for names the rules
// below would split wrongly (or take for a body's).

export interface PersonName {
  family: string;
  given?: string;
  /** Lower-case particle kept before the family name when inverted: "de la Cruz, M.". */
  particle?: string;
  /** A body, not a person: its name is `family`, printed whole and never inverted. */
  organisation?: true;
}

// Words that name a body rather than a person: UK government and public-sector authors mostly.
const ORGANISATION_WORD =
  /(?:^|\s)(?:office|service|services|department|ministry|government|council|agency|authority|trust|hub|unit|team|commission|committee|board|institute|institution|foundation|group|centre|center|network|partnership|university|college|executive|parliament|treasury|society|association|lab|laboratory|forum|alliance|company|ltd|limited|plc|llp|nhs|hm|gov\.uk|bank|fund|programme|panel|secretariat|directorate|inspectorate|library|museum|press|digital|&)(?=\s|$)/i;

// Lower-case particles (BibTeX's "von" part; CSL's non-dropping-particle).
const PARTICLES = new Set(['da', 'das', 'de', 'del', 'della', 'den', 'der', 'des', 'di', 'do', 'dos', 'du', 'la', 'le', 'lo', 'ten', 'ter', 'van', 'von', 'zu', 'zur', 'ap', 'ab']);
// Gaelic patronymic prefixes: part of the family name itself, sorted under O, N, M.
const FAMILY_PREFIXES = new Set(['ó', 'o', 'ní', 'nic', 'mac', 'mc', 'uí', 'ua', 'bean']);

export function parseName(written: string): PersonName {
  const text = written.trim().replace(/\s+/g, ' ');
  const comma = text.indexOf(',');
  if (comma !== -1) {
    const given = text.slice(comma + 1).trim();
    return withParticle(text.slice(0, comma).trim().split(' '), given);
  }
  if (ORGANISATION_WORD.test(text)) return { family: text, organisation: true };
  const words = text.split(' ');
  if (words.length === 1) return { family: text };
  let start = words.length - 1;
  while (start > 1 && (PARTICLES.has(words[start - 1]!) || FAMILY_PREFIXES.has(words[start - 1]!.toLowerCase()))) start--;
  return withParticle(words.slice(start), words.slice(0, start).join(' '));
}

function withParticle(familyWords: string[], given: string): PersonName {
  let cut = 0;
  while (cut < familyWords.length - 1 && PARTICLES.has(familyWords[cut]!)) cut++;
  const name: PersonName = { family: familyWords.slice(cut).join(' ') };
  if (given) name.given = given;
  if (cut > 0) name.particle = familyWords.slice(0, cut).join(' ');
  return name;
}

/** "de la Cruz", "Ó Briain": the family name as it is printed. */
export function familyWithParticle(name: PersonName): string {
  return name.particle ? `${name.particle} ${name.family}` : name.family;
}

/** "Siân" → "S.", "Jean-Paul" → "J.-P.", "Mary Ann" → "M.A.". */
export function initials(given: string): string {
  return given
    .split(' ')
    .filter(Boolean)
    .map((part) => part.split('-').map((piece) => `${[...piece][0] ?? ''}.`).join('-'))
    .join('');
}
