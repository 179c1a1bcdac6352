/**
 * UK phone and text numbers as the support list writes them: "0808 2000 247", "116 123",
 * "0808 802 0300 (press 2 for London)", "999, then press 55". Each becomes the text shown (exactly
 * as written), what follows it (the instruction, also as written) and the digits to dial, so a
 * `tel:` or `sms:` link never carries spaces and never a number the file did not give.
 */

export interface DialNumber {
  /** The number as the file writes it ("08 08 16 89 111"). */
  shown: string;
  /** What the file writes after the number, as written (" (press 2 for London)", ", then press 55"), or ''. */
  after: string;
  /** Digits to dial, with a leading + for an international form ("08081689111", "+442070080151"). */
  dial: string;
}

/**
 * UK numbers that are not ten or eleven digits: 999 and 112 (emergency), 101 (police, not an
 * emergency), 105 (power cut), 111 (NHS), 119 (NHS vaccinations), the 116 xxx harmonised numbers of
 * social value (Samaritans' 116 123), and Childline's own 0800 1111.
 */
const SHORT_UK_NUMBERS = new Set(['999', '112', '101', '105', '111', '119', '08001111']);

/**
 * Ofcom's national numbering plan, by length: 01 area codes have 10 or 11 digits; 02 area codes,
 * 03 (UK-wide), 05, 07 (mobiles), 08 and 09 have 11, except 0800 freephone numbers, which may
 * also have 10 (0800 xxx xxx).
 */
const UK_NATIONAL_NUMBER = /^(?:01\d{8,9}|0800\d{6}|0[235789]\d{9})$/;

/** UK text short codes are five digits starting 6, 7 or 8 (61016 is TfL's Report It to Stop It). */
const UK_SHORT_CODE = /^[678]\d{4}$/;

/** A number, then an optional instruction: " (in brackets)" or ", then press N". */
const NUMBER_WITH_INSTRUCTION = /^(\+?\d[\d ]*\d|\d)( \([^()]+\)|, then press \d+)?$/;

/** The national form of a number written with +44 (+44 20 7008 0151 → 02070080151), or the digits. */
function nationalDigits(written: string): string {
  const digits = written.replace(/ /g, '');
  return digits.startsWith('+44') ? `0${digits.slice(3)}` : digits;
}

export function isUkPhoneNumber(digits: string): boolean {
  return SHORT_UK_NUMBERS.has(digits) || /^116\d{3}$/.test(digits) || UK_NATIONAL_NUMBER.test(digits);
}

export function isUkTextNumber(digits: string): boolean {
  return UK_SHORT_CODE.test(digits) || /^07\d{9}$/.test(digits);
}

export type NumberKind = 'phone' | 'text';

/**
 * Reads a field of one or more numbers separated by ';'. Returns the numbers, or the reason the
 * field is not a list of UK numbers of that kind (for a problem message).
 */
export function readNumbers(field: string, kind: NumberKind): { numbers: DialNumber[] } | { reason: string } {
  const numbers: DialNumber[] = [];
  for (const part of field.split(';')) {
    const written = part.trim();
    const match = NUMBER_WITH_INSTRUCTION.exec(written);
    if (!match) {
      return {
        reason: `"${written}" is not written as a number (digits and single spaces, then at most an instruction in brackets or ", then press N"; several numbers are separated by ";")`,
      };
    }
    const shown = match[1]!;
    if (shown.startsWith('+') && !shown.startsWith('+44')) return { reason: `"${shown}" is not a UK number (only +44 is accepted)` };
    const national = nationalDigits(shown);
    const valid = kind === 'phone' ? isUkPhoneNumber(national) : isUkTextNumber(national);
    if (!valid) {
      return {
        reason:
          kind === 'phone'
            ? `"${shown}" is not a UK phone number (10 or 11 digits starting 0, or a UK short number such as 999, 101 or 116 123)`
            : `"${shown}" is not a UK number for texts (a UK mobile, 07…, or a five-digit short code such as 61016)`,
      };
    }
    numbers.push({ shown, after: match[2] ?? '', dial: shown.replace(/ /g, '') });
  }
  return { numbers };
}
