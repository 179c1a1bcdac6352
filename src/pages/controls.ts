/**
 * Form controls shared by pages: borough, category, measure and period. Native <select> and radio
 * inputs, so keyboard, screen reader and phone behaviour come from the browser.
 */
import { AREAS_IN_LIST_ORDER, LONDON } from '../data/boroughs';
import { addMonths, monthIndex, rollingYearLabel } from '../data/months';
import type { Measure, ViewState } from '../app/state';
import { DISPLAY_CATEGORIES, type DisplayCategory } from '../data/contract';

let nextId = 0;
const uid = (name: string) => `${name}-${++nextId}`;

export interface Control {
  element: HTMLElement;
  /** Shows the state's value without firing a change. */
  sync(state: ViewState): void;
}

function labelled(labelText: string, input: HTMLElement): HTMLElement {
  const wrapper = document.createElement('div');
  wrapper.className = 'control';
  const label = document.createElement('label');
  label.className = 'control__label';
  label.textContent = labelText;
  label.htmlFor = input.id;
  wrapper.append(label, input);
  return wrapper;
}

export function areaControl(onChange: (area: string) => void): Control {
  const select = document.createElement('select');
  select.id = uid('area');
  for (const name of AREAS_IN_LIST_ORDER) select.append(new Option(name === LONDON ? 'London (all boroughs)' : name, name));
  select.addEventListener('change', () => onChange(select.value));
  return { element: labelled('Area', select), sync: (s) => (select.value = s.area) };
}

export function radioControl<T extends string>(
  legendText: string,
  options: readonly { value: T; label: string }[],
  current: (s: ViewState) => T,
  onChange: (value: T) => void,
): Control {
  const fieldset = document.createElement('fieldset');
  fieldset.className = 'control control--radios';
  const legend = document.createElement('legend');
  legend.className = 'control__label';
  legend.textContent = legendText;
  fieldset.append(legend);
  const name = uid('radio');
  const inputs = options.map((option) => {
    const id = uid(option.value);
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = name;
    input.id = id;
    input.value = option.value;
    input.addEventListener('change', () => input.checked && onChange(option.value));
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = option.label;
    const item = document.createElement('div');
    item.className = 'radio';
    item.append(input, label);
    fieldset.append(item);
    return input;
  });
  return {
    element: fieldset,
    sync: (s) => inputs.forEach((input) => (input.checked = input.value === current(s))),
  };
}

/** The rolling year shown: any 12 complete months in the data, newest first. */
export function periodControl(first: string, latest: string, onChange: (period: string | null) => void): Control {
  const select = document.createElement('select');
  select.id = uid('period');
  for (let index = monthIndex(latest); index >= monthIndex(addMonths(first, 11)); index -= 1) {
    const month = addMonths(latest, index - monthIndex(latest));
    select.append(new Option(index === monthIndex(latest) ? `${rollingYearLabel(month)} (latest)` : rollingYearLabel(month), month));
  }
  select.addEventListener('change', () => onChange(select.value === latest ? null : select.value));
  return {
    element: labelled('Period', select),
    sync: (s) => (select.value = s.period ?? latest),
  };
}


/** A choice from a list, as a native <select> (compact on a phone, where the browser shows its own picker). */
export function selectControl<T extends string>(
  labelText: string,
  options: readonly { value: T; label: string }[],
  current: (s: ViewState) => T,
  onChange: (value: T) => void,
): Control {
  const select = document.createElement('select');
  select.id = uid('select');
  for (const option of options) select.append(new Option(option.label, option.value));
  select.addEventListener('change', () => onChange(select.value as T));
  return { element: labelled(labelText, select), sync: (s) => (select.value = current(s)) };
}

type Navigate = (patch: Partial<ViewState>) => void;

/** Which offences a page shows: domestic abuse or sexual offences, in the page's words. */
export function categoryControl(legend: string, labels: Record<DisplayCategory, string>, navigate: Navigate): Control {
  return radioControl(
    legend,
    DISPLAY_CATEGORIES.map((value) => ({ value, label: labels[value] })),
    (s) => s.category,
    (value) => navigate({ category: value }),
  );
}

/** What the map shades: a rate per 1,000 residents or a count, in the page's words. */
export function measureControl(labels: Record<Measure, string>, navigate: Navigate): Control {
  return radioControl(
    'Map shows',
    (['rate', 'count'] as const).map((value) => ({ value, label: labels[value] })),
    (s) => s.measure,
    (value) => navigate({ measure: value }),
  );
}
