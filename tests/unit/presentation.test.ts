// @vitest-environment jsdom
/**
 * Presentation mode's order of slides (src/app/presentation.ts), the keys it answers to and those it
 * leaves alone, and the print summary's reading of a page's controls (src/app/print.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BOROUGH_NAMES } from '../../src/data/boroughs';
import { createPresentation, describeSlide, PRESENTATION_AREAS, stepSlide } from '../../src/app/presentation';
import { describeControls } from '../../src/app/print';
import { areaControl, radioControl } from '../../src/pages/controls';
import { DEFAULT_STATE, type ViewState } from '../../src/app/state';

describe('slides', () => {
  it('go London, then every borough in the Area list order', () => {
    expect(PRESENTATION_AREAS).toHaveLength(34);
    expect(PRESENTATION_AREAS[0]).toBe('London');
    expect(PRESENTATION_AREAS.slice(1)).toEqual([...BOROUGH_NAMES].sort());
  });

  it('step through the boroughs, then on to the next page, and round again', () => {
    expect(stepSlide({ page: 'recording', area: 'London' }, 1)).toEqual({ page: 'recording', area: 'Barking and Dagenham' });
    expect(stepSlide({ page: 'recording', area: 'Barking and Dagenham' }, -1)).toEqual({ page: 'recording', area: 'London' });
    expect(stepSlide({ page: 'recording', area: 'Westminster' }, 1)).toEqual({ page: 'victimisation', area: 'London' });
    expect(stepSlide({ page: 'victimisation', area: 'London' }, -1)).toEqual({ page: 'recording', area: 'Westminster' });
    expect(stepSlide({ page: 'justice', area: 'Westminster' }, 1)).toEqual({ page: 'recording', area: 'London' });
    expect(stepSlide({ page: 'recording', area: 'London' }, -1)).toEqual({ page: 'justice', area: 'Westminster' });
  });

  it('start from the dashboard pages when presenting a page about the site', () => {
    expect(stepSlide({ page: 'methodology', area: 'Croydon' }, 1)).toEqual({ page: 'recording', area: 'London' });
    expect(stepSlide({ page: 'accessibility', area: 'London' }, -1)).toEqual({ page: 'justice', area: 'Westminster' });
  });

  it('are described with where they are in the run', () => {
    expect(describeSlide({ page: 'recording', area: 'London' })).toBe('Recording: London (1 of 34)');
    expect(describeSlide({ page: 'justice', area: 'Westminster' })).toBe('Justice: Westminster (34 of 34)');
    expect(describeSlide({ page: 'methodology', area: 'London' })).toBe('Methodology');
  });
});

describe('keys in presentation mode', () => {
  afterEach(() => {
    document.body.className = '';
    document.body.replaceChildren();
  });

  function setUp(): { navigate: ReturnType<typeof vi.fn>; state: ViewState; leaveCheck: () => boolean; presentation: ReturnType<typeof createPresentation> } {
    const state: ViewState = { ...DEFAULT_STATE, area: 'Croydon' };
    const main = document.createElement('main');
    main.tabIndex = -1;
    document.body.append(main);
    const navigate = vi.fn();
    const presentation = createPresentation({ getState: () => state, navigate, main });
    document.body.prepend(presentation.bar);
    return { navigate, state, presentation, leaveCheck: () => document.body.classList.contains('presenting') };
  }

  const press = (target: EventTarget, key: string, init: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    target.dispatchEvent(event);
    return event;
  };

  it('do nothing until presentation mode is entered', () => {
    const { navigate } = setUp();
    press(document.body, 'ArrowRight');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('move on with → and Page Down, back with ← and Page Up, and leave with Escape', () => {
    const { navigate, presentation, leaveCheck } = setUp();
    presentation.enter();
    expect(leaveCheck()).toBe(true);
    expect(presentation.bar.hidden).toBe(false);
    expect(presentation.bar.textContent).toContain('Recording: Croydon (');
    expect(press(document.body, 'ArrowRight').defaultPrevented).toBe(true);
    press(document.body, 'PageDown');
    expect(navigate).toHaveBeenNthCalledWith(1, { page: 'recording', area: 'Ealing' });
    expect(navigate).toHaveBeenNthCalledWith(2, { page: 'recording', area: 'Ealing' });
    press(document.body, 'ArrowLeft');
    press(document.body, 'PageUp');
    expect(navigate).toHaveBeenNthCalledWith(3, { page: 'recording', area: 'City of London' });
    expect(navigate).toHaveBeenCalledTimes(4);
    press(document.body, 'Escape');
    expect(leaveCheck()).toBe(false);
    expect(presentation.bar.hidden).toBe(true);
    press(document.body, 'ArrowRight');
    expect(navigate).toHaveBeenCalledTimes(4);
  });

  it('leave arrows to the map, form controls, modified keys and anything that already used them', () => {
    const { navigate, presentation } = setUp();
    presentation.enter();
    const tile = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    tile.setAttribute('class', 'map-area');
    const select = document.createElement('select');
    const input = document.createElement('input');
    document.body.append(tile, select, input);
    press(tile, 'ArrowRight');
    press(select, 'ArrowLeft');
    press(input, 'PageDown');
    press(document.body, 'ArrowRight', { altKey: true });
    press(document.body, 'ArrowRight', { shiftKey: true });
    const used = new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true });
    used.preventDefault();
    document.body.dispatchEvent(used);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('gives focus back to the button that started it', () => {
    const { presentation } = setUp();
    const button = document.createElement('button');
    document.body.append(button);
    presentation.enter(button);
    expect(document.activeElement?.localName).toBe('main');
    presentation.leave();
    expect(document.activeElement).toBe(button);
  });
});

describe('print summary', () => {
  it('reads each control of the page as "Label: choice"', () => {
    const form = document.createElement('form');
    form.className = 'controls';
    const area = areaControl(() => undefined);
    const measure = radioControl(
      'Map shows',
      [
        { value: 'rate', label: 'Rate per 1,000 residents' },
        { value: 'count', label: 'Number of offences' },
      ],
      (s) => s.measure,
      () => undefined,
    );
    form.append(area.element, measure.element);
    document.body.replaceChildren(form);
    area.sync({ ...DEFAULT_STATE, area: 'Croydon' });
    measure.sync({ ...DEFAULT_STATE, measure: 'count' });
    expect(describeControls(document.body)).toEqual(['Area: Croydon', 'Map shows: Number of offences']);
  });
});
