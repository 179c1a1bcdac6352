import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, parseState, stateToSearch, type ViewState } from '../../src/app/state';

describe('URL state', () => {
  it('round-trips every field through the query string', () => {
    const state: ViewState = { page: 'recording', area: 'Croydon', category: 'sexual_offences', measure: 'count', period: '2025-03' };
    const search = stateToSearch(state);
    expect(search).toBe('?borough=Croydon&category=sexual_offences&measure=count&period=2025-03');
    expect(parseState(search)).toEqual({ state, notices: [] });
  });

  it('leaves defaults out so that the home page link is bare', () => {
    expect(stateToSearch(DEFAULT_STATE)).toBe('');
  });

  it('accepts other spellings and GSS codes of a borough and shows the ONS name', () => {
    expect(parseState('?borough=KINGSTON').state.area).toBe('Kingston upon Thames');
    expect(parseState('?borough=E09000008').state.area).toBe('Croydon');
    expect(parseState('?borough=Barking+%26+Dagenham').state.area).toBe('Barking and Dagenham');
  });

  it('falls back to London with a notice for an unknown borough, never throwing', () => {
    const parsed = parseState("?borough=Atlantis'%3B DROP TABLE offences;--");
    expect(parsed.state.area).toBe('London');
    expect(parsed.notices).toHaveLength(1);
    expect(parsed.notices[0]).toMatch(/is not a London borough/);
  });

  it('falls back field by field, keeping the values it understood', () => {
    const parsed = parseState('?page=nope&borough=Camden&category=burglary&measure=x&period=2025-13');
    expect(parsed.state).toEqual({ ...DEFAULT_STATE, area: 'Camden' });
    expect(parsed.notices).toHaveLength(4);
  });

  it('cuts long hostile values short in notices', () => {
    const parsed = parseState(`?borough=${'x'.repeat(5000)}`);
    expect(parsed.notices[0]!.length).toBeLessThan(120);
  });
});

describe('the need on Get support', () => {
  it('round-trips on the support page, and is dropped elsewhere (it filters nothing there)', () => {
    const state: ViewState = { ...DEFAULT_STATE, page: 'support', area: 'Hackney', need: 'stalking' };
    expect(stateToSearch(state)).toBe('?page=support&borough=Hackney&need=stalking');
    expect(parseState(stateToSearch(state))).toEqual({ state, notices: [] });
    expect(stateToSearch({ ...state, page: 'recording' })).toBe('?borough=Hackney');
    expect(parseState('?page=justice&need=stalking')).toEqual({ state: { ...DEFAULT_STATE, page: 'justice' }, notices: [] });
  });

  it('falls back to every service, with a notice, for a need it does not know', () => {
    const parsed = parseState('?page=support&need=<script>');
    expect(parsed.state).toEqual({ ...DEFAULT_STATE, page: 'support' });
    expect(parsed.notices).toEqual(['"<script>" is not a need this page lists services for, so every service is shown.']);
  });
});
