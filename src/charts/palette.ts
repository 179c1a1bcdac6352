/**
 * Colours. The categorical palette is the UK Government Analysis Function's accessible palette, used in
 * its given order: neighbouring colours differ in lightness as well as hue, so they stay apart for
 * people with colour-vision deficiency and in greyscale print.
 * https://analysisfunction.civilservice.gov.uk/policy-store/data-visualisation-colours-in-charts/
 */

export const CATEGORICAL = {
  darkBlue: '#12436D',
  turquoise: '#28A197',
  darkPink: '#801650',
  orange: '#F46A25',
  darkGrey: '#3D3D3D',
  lightPurple: '#A285D1',
} as const;

export const CATEGORICAL_ORDER: readonly string[] = Object.values(CATEGORICAL);

/** The i-th categorical colour, wrapping round (more than six series should not be drawn in one chart). */
export function categoricalColour(index: number): string {
  return CATEGORICAL_ORDER[index % CATEGORICAL_ORDER.length] ?? CATEGORICAL.darkBlue;
}

/**
 * Dash patterns paired with the categorical colours, so that series differ by more than colour.
 * Solid first: the first series is usually the one the reader chose.
 */
export const DASHES: readonly (string | null)[] = [null, '8 4', '2 3', '12 3 2 3', '4 4', '1 5'];

export function seriesDash(index: number): string | null {
  return DASHES[index % DASHES.length] ?? null;
}

/**
 * Five-class single-hue blue ramp for the map, light to dark, ending in the Analysis Function dark blue.
 * The lightest class is dark enough to be told from the white page and from the no-data hatching; the
 * steps are roughly even in lightness so that order reads without a legend lookup.
 */
export const SEQUENTIAL_BLUES: readonly string[] = ['#D2E3F3', '#9DC3E6', '#5B9BD5', '#2E6DA4', '#12436D'];

/** No-data hatching and text colours (GOV.UK text and secondary-text colours). */
export const NO_DATA_HATCH = '#505A5F';
export const TEXT_COLOUR = '#0B0C0C';
export const SECONDARY_TEXT = '#505A5F';
export const GRID_COLOUR = '#B1B4B6';
/** GOV.UK focus colour. */
export const FOCUS_COLOUR = '#FFDD00';
