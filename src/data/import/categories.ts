/**
 * Published offence categories → the contract's categories (contract.ts OFFENCE_CATEGORIES).
 * Names are compared by spellingKey, so case, '&' and punctuation do not matter.
 *
 * | source | published (major / minor, group / subgroup) | contract |
 * |---|---|---|
 * | MPS Borough Level Crime, pre-2019 scheme | Sexual Offences / Rape | rape |
 * | | Sexual Offences / Other Sexual | other_sexual |
 * | | Violence Against the Person / Harassment | stalking_harassment ¹ |
 * | MPS Borough Level Crime, 2019 scheme (Title or UPPER case) | Sexual Offences / Rape | rape |
 * | | Sexual Offences / Other Sexual Offences | other_sexual |
 * | MPS Monthly Crime Dashboard (TNO and OtherCrimeData) | Sexual Offences / Rape, Other Sexual Offences | rape, other_sexual |
 * | | Domestic Abuse / Domestic Abuse (the whole of DA, not a part of it) | domestic_abuse |
 * | | any group / Stalking and Harassment, Stalking, Harassment | stalking_harassment |
 * | Home Office police recorded crime | subgroup Rape | rape |
 * | | subgroup Other sexual offences | other_sexual |
 * | | subgroup Stalking and harassment | stalking_harassment |
 *
 * Everything else is left out, and each import lists what it left out. Left out on purpose:
 * the 2019 scheme's "Violence without Injury" (it holds harassment and stalking but also much
 * else, so it cannot stand for them); totals such as Sexual Offences / Sexual Offences (the
 * parts are taken instead, so nothing is counted twice); parts of domestic abuse such as
 * "Domestic Abuse VAP" (the whole is taken, never a sum of guessed parts).
 *
 * ¹ The pre-2019 MPS "Harassment" category is the only clear harassment series in the borough
 * files, and only up to 2016. Home Office definitions changed in April 2017 (malicious
 * communications joined the stalking and harassment subgroup), so it is not exactly the later
 * series: compare levels across 2017 with care.
 */
import { spellingKey } from '../boroughs';
import type { OffenceCategory } from '../contract';

const RAPE = new Set(['rape', 'rape offences']);
const OTHER_SEXUAL = new Set(['other sexual', 'other sexual offences', 'other sexual offence']);
const STALKING_HARASSMENT = new Set([
  'harassment',
  'stalking',
  'stalking and harassment',
  'harassment and stalking',
]);
const DOMESTIC_ABUSE = /^domestic (abuse|violence)( offences| crimes?| all| total)?$/;
const TOTAL_PARTS = new Set(['', 'total', 'all', 'all offences']);

/** The contract category of a published (major, minor) pair, or null when it has none. */
export function mapCategory(major: string, minor: string): OffenceCategory | null {
  const minorKey = spellingKey(minor);
  const majorKey = spellingKey(major);
  if (RAPE.has(minorKey)) return 'rape';
  if (OTHER_SEXUAL.has(minorKey)) return 'other_sexual';
  if (STALKING_HARASSMENT.has(minorKey)) return 'stalking_harassment';
  if (DOMESTIC_ABUSE.test(minorKey)) return 'domestic_abuse';
  if (DOMESTIC_ABUSE.test(majorKey) && TOTAL_PARTS.has(minorKey)) return 'domestic_abuse';
  return null;
}

/**
 * True when a (major, minor) pair is one the dashboard maps: evidence, when a file's first rows
 * cannot otherwise tell, of which of two category columns is which ("Sexual Offences / Rape"
 * maps, "Rape / Sexual Offences" does not).
 */
export function isKnownCategory(major: string, minor: string): boolean {
  return mapCategory(major, minor) !== null;
}

/** "Sexual Offences / Rape" — how a published pair is named in reports. */
export function categoryLabel(major: string, minor: string): string {
  return major.trim() && minor.trim() ? `${major.trim()} / ${minor.trim()}` : (major.trim() || minor.trim());
}
