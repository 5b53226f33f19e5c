// Text made safe to show: metadata can hold anything, and the terminal must
// never receive raw escape sequences from a paper.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const MAX_QUOTED = 60;

/** Replace control and bidi-override characters with visible `\u{..}` escapes. */
export function visible(text: string): string {
  return text.replace(UNSAFE, (char) => (char === '\n' ? '\\n' : char === '\t' ? '\\t' : `\\u{${char.codePointAt(0)!.toString(16)}}`));
}

/** A value quoted for a message: visible, shortened, in double quotes. */
export function quote(text: string): string {
  const shown = visible(text);
  return `"${shown.length > MAX_QUOTED ? `${shown.slice(0, MAX_QUOTED - 1)}…` : shown}"`;
}
