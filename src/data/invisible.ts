/**
 * Characters a reader cannot see: a byte-order mark left mid-file where two files were joined, a
 * no-break space from a web page, a zero-width space, a control character. A value holding one looks
 * right and is still refused ("2024-06-15" is not a date), so messages that quote a value show each
 * invisible character as a marker and say what it is.
 */

/** Invisible characters that have a plain name. */
const NAMED: Record<string, string> = {
  '\uFEFF': 'a byte-order mark (as a file saved by Excel starts with: were two files joined?)',
  '\u00A0': 'a no-break space',
  '\u00AD': 'a soft hyphen',
  '\u200B': 'a zero-width space',
  '\u200C': 'a zero-width non-joiner',
  '\u200D': 'a zero-width joiner',
  '\u200E': 'a left-to-right mark',
  '\u200F': 'a right-to-left mark',
  '\u2060': 'a word joiner',
  '\t': 'a tab',
  '\r': 'a carriage return',
  '\n': 'a line break',
  '\u0000': 'a NUL byte',
  '\uFFFD': 'a byte that is not readable text (is the file saved as UTF-8?)',
};

/** Control characters, format characters and the unusual spaces, none of which shows as itself. */
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00A0\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u2000-\u200F\u2028-\u202F\u205F-\u206F\u3000\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\uFFFD]/g;

const code = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The text with every invisible character shown as ⟨U+FEFF⟩, and a phrase naming those found
 * ("⟨U+FEFF⟩ is a byte-order mark …"), or null when there are none.
 */
export function showInvisible(text: string): { text: string; note: string | null } {
  const found = new Set<string>();
  const shown = text.replace(INVISIBLE, (ch) => {
    found.add(ch);
    return `⟨${code(ch)}⟩`;
  });
  if (found.size === 0) return { text, note: null };
  const named = [...found].map((ch) => `⟨${code(ch)}⟩ is ${NAMED[ch] ?? 'an invisible character'}`);
  return { text: shown, note: `it holds a character that does not show: ${named.join('; ')}` };
}
