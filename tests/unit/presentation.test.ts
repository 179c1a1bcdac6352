// @vitest-environment jsdom
/**
 * Presentation mode's order of slides (src/app/presentation.ts), the keys it answers to and those it
 * leaves alone, and the print summary's reading of a page's controls (src/app/print.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BOROUGH_NAMES } from '../../src/data/boroughs';
import { createPresentation, describeSlide, PRESENTATION_AREAS, stepArea, stepSlide } from '../../src/app/presentation';
import { describeControls } from '../../src/app/print';
import { areaControl, radioControl } from '../../src/pages/controls';
import { DEFAULT_STATE, type ViewState } from '../../src/app/state';

describe('slides', () => {
  it('step through the areas: London, then every borough in the Area list order, and round again', () => {
    expect(PRESENTATION_AREAS).toHaveLength(34);
    expect(PRESENTATION_AREAS[0]).toBe('London');
    expect(PRESENTATION_AREAS.slice(1)).toEqual([...BOROUGH_NAMES].sort());
    expect(stepArea('London', 1)).toBe('Barking and Dagenham');
    expect(stepArea('Barking and Dagenham', -1)).toBe('London');
    expect(stepArea('Westminster', 1)).toBe('London');
    expect(stepArea('London', -1)).toBe('Westminster');
  });

  it('step through the cards of a page, then on to the next page, back to the last card of the one before, and round again', () => {
    expect(stepSlide({ page: 'recording', slide: 0, count: 5 }, 1)).toEqual({ page: 'recording', slide: 1 });
    expect(stepSlide({ page: 'recording', slide: 1, count: 5 }, -1)).toEqual({ page: 'recording', slide: 0 });
    expect(stepSlide({ page: 'recording', slide: 4, count: 5 }, 1)).toEqual({ page: 'victimisation', slide: 0 });
    expect(stepSlide({ page: 'victimisation', slide: 0, count: 3 }, -1)).toEqual({ page: 'recording', slide: 'last' });
    expect(stepSlide({ page: 'justice', slide: 3, count: 4 }, 1)).toEqual({ page: 'recording', slide: 0 });
    expect(stepSlide({ page: 'recording', slide: 0, count: 5 }, -1)).toEqual({ page: 'justice', slide: 'last' });
    // A page with nothing to show (no cards) is passed through.
    expect(stepSlide({ page: 'victimisation', slide: 0, count: 0 }, 1)).toEqual({ page: 'justice', slide: 0 });
  });

  it('start from the dashboard pages when presenting a page about the site', () => {
    expect(stepSlide({ page: 'methodology', slide: 0, count: 0 }, 1)).toEqual({ page: 'recording', slide: 0 });
    expect(stepSlide({ page: 'accessibility', slide: 0, count: 0 }, -1)).toEqual({ page: 'justice', slide: 'last' });
  });

  it('are described with where they are in the deck', () => {
    expect(describeSlide({ page: 'recording', area: 'London' }, 0, 5, 'Summary')).toBe('Recording: London · slide 1 of 5, Summary');
    expect(describeSlide({ page: 'justice', area: 'Westminster' }, 3, 4)).toBe('Justice: Westminster · slide 4 of 4');
    expect(describeSlide({ page: 'justice', area: 'Westminster' }, 0, 0)).toBe('Justice: Westminster');
    expect(describeSlide({ page: 'methodology', area: 'London' }, 0, 0)).toBe('Methodology');
  });
});

describe('keys in presentation mode', () => {
  // Each test's presentation listens on the document: left after the test, so that it answers no other's keys.
  const made: ReturnType<typeof createPresentation>[] = [];
  afterEach(() => {
    made.splice(0).forEach((p) => p.leave());
    document.body.className = '';
    document.body.replaceChildren();
  });

  /** A page of cards as scaffold.ts marks them, in `main`. */
  function pageOf(page: string, names: readonly string[]): HTMLElement {
    const element = document.createElement('div');
    element.dataset.page = page;
    for (const name of names) {
      const card = document.createElement('section');
      card.className = 'card';
      card.dataset.slide = '';
      card.dataset.name = name;
      element.append(card);
    }
    return element;
  }

  function setUp() {
    const state: ViewState = { ...DEFAULT_STATE, area: 'Croydon' };
    const main = document.createElement('main');
    main.tabIndex = -1;
    main.append(pageOf('recording', ['Summary', 'Map', 'Trend']));
    document.body.append(main);
    const navigate = vi.fn((patch: Partial<ViewState>) => Object.assign(state, patch));
    const presentation = createPresentation({ getState: () => state, navigate, main });
    made.push(presentation);
    document.body.prepend(presentation.bar);
    const slide = () => [...main.querySelectorAll<HTMLElement>('.card.is-slide')].map((c) => c.dataset.name);
    return { navigate, state, main, presentation, slide, presenting: () => document.body.classList.contains('presenting') };
  }

  const press = (target: EventTarget, key: string, init: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    target.dispatchEvent(event);
    return event;
  };

  it('do nothing until presentation mode is entered', () => {
    const { navigate, slide } = setUp();
    press(document.body, 'ArrowRight');
    expect(navigate).not.toHaveBeenCalled();
    expect(slide()).toEqual([]);
  });

  it('show one card at a time, the first on entering; → and Page Down move on, ← and Page Up back, counting the slides', () => {
    const { navigate, presentation, slide, presenting } = setUp();
    presentation.enter();
    expect(presenting()).toBe(true);
    expect(presentation.bar.hidden).toBe(false);
    expect(slide()).toEqual(['Summary']);
    expect(presentation.bar.textContent).toContain('Recording: Croydon · slide 1 of 3, Summary');
    expect(press(document.body, 'ArrowRight').defaultPrevented).toBe(true);
    expect(slide()).toEqual(['Map']);
    press(document.body, 'PageDown');
    expect(slide()).toEqual(['Trend']);
    expect(presentation.bar.textContent).toContain('slide 3 of 3, Trend');
    press(document.body, 'PageUp');
    press(document.body, 'ArrowLeft');
    expect(slide()).toEqual(['Summary']);
    // Within a page no view changes: nothing goes through navigate (so nothing in the history).
    expect(navigate).not.toHaveBeenCalled();
  });

  it('after the last card goes on to the next page, and back from its first to the last card of the page before', () => {
    const { navigate, presentation, slide, main } = setUp();
    presentation.enter();
    press(document.body, 'PageDown');
    press(document.body, 'PageDown');
    press(document.body, 'PageDown');
    expect(navigate).toHaveBeenLastCalledWith({ page: 'victimisation' });
    // The new page arrives (main.ts puts it in main): its first card is the slide.
    main.replaceChildren(pageOf('victimisation', ['Summary', 'Map', 'Repeat victims']));
    // MutationObserver callbacks run as microtasks.
    return Promise.resolve().then(() => {
      expect(slide()).toEqual(['Summary']);
      expect(presentation.bar.textContent).toContain('Victimisation: Croydon · slide 1 of 3, Summary');
      press(document.body, 'PageUp');
      expect(navigate).toHaveBeenLastCalledWith({ page: 'recording' });
      // Until the page before is on screen the old one is not taken for it.
      expect(slide()).toEqual([]);
      main.replaceChildren(pageOf('recording', ['Summary', 'Map', 'Trend']));
      return Promise.resolve().then(() => expect(slide()).toEqual(['Trend']));
    });
  });

  it('move through the areas with ↑ and ↓ on the same slide, and leave with Escape', () => {
    const { navigate, presentation, slide, presenting } = setUp();
    presentation.enter();
    press(document.body, 'ArrowRight');
    press(document.body, 'ArrowDown');
    expect(navigate).toHaveBeenLastCalledWith({ area: 'Ealing' });
    press(document.body, 'ArrowUp');
    expect(navigate).toHaveBeenLastCalledWith({ area: 'Croydon' });
    presentation.rendered({ ...DEFAULT_STATE, area: 'Croydon' });
    expect(slide()).toEqual(['Map']);
    press(document.body, 'Escape');
    expect(presenting()).toBe(false);
    expect(presentation.bar.hidden).toBe(true);
    expect(slide()).toEqual([]);
    press(document.body, 'ArrowRight');
    expect(navigate).toHaveBeenCalledTimes(2);
  });

  it('leave arrows to the map, form controls, modified keys and anything that already used them', () => {
    const { navigate, presentation, slide } = setUp();
    presentation.enter();
    const tile = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    tile.setAttribute('class', 'map-area');
    const select = document.createElement('select');
    const input = document.createElement('input');
    document.body.append(tile, select, input);
    press(tile, 'ArrowRight');
    press(tile, 'ArrowDown');
    press(select, 'ArrowLeft');
    press(input, 'PageDown');
    press(document.body, 'ArrowRight', { altKey: true });
    press(document.body, 'ArrowRight', { shiftKey: true });
    const used = new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true });
    used.preventDefault();
    document.body.dispatchEvent(used);
    expect(navigate).not.toHaveBeenCalled();
    expect(slide()).toEqual(['Summary']);
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
