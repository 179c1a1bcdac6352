/**
 * The parts of the shell for sharing and meetings, wired together: the view tools (copy link, print,
 * presentation mode) under the navigation, the presentation bar, the print summary, and the progress
 * box shown while the data loads. main.ts calls `rendered` on every change of view.
 */
import { createLoadProgress, type LoadProgress } from './progress';
import { createPresentation, type Presentation } from './presentation';
import { createPrintSummary } from './print';
import { renderNav, type Shell } from './shell';
import { stateToSearch, type PageId, type ViewState } from './state';
import { updateSupportLink } from './support-link';
import { createViewTools } from './view-tools';

/** Pages about the dashboard, linked from the footer rather than the main tabs. */
const ABOUT_PAGES: readonly PageId[] = ['methodology', 'accessibility'];

export interface ViewExtras {
  progress: LoadProgress;
  presentation: Presentation;
  /** Called at the start of every render with the state about to be drawn. */
  rendered(state: ViewState): void;
}

export function setupViewExtras(shell: Shell, options: { getState: () => ViewState; navigate: (patch: Partial<ViewState>) => void }): ViewExtras {
  const presentation = createPresentation({ getState: options.getState, navigate: options.navigate, main: shell.main });
  const tools = createViewTools({ onPresent: (button) => presentation.enter(button) });
  const print = createPrintSummary(shell.main);
  const progress = createLoadProgress();

  // Under the page tabs: the tools; above everything in presentation mode: the bar. The print
  // summary heads the printed page; the progress box floats at the foot of the screen.
  shell.nav.after(tools.element);
  shell.nav.before(presentation.bar);
  shell.dataNotice.before(print.element);
  shell.main.after(progress.element);

  return {
    progress,
    presentation,
    rendered(state) {
      const hrefFor = (page: PageId) => `${window.location.pathname}${stateToSearch({ ...state, page })}`;
      renderNav(shell.aboutNav, state.page, hrefFor, (page) => options.navigate({ page }), ABOUT_PAGES);
      updateSupportLink(shell.supportLink, state.area, options.navigate);
      if (state.page === 'support') shell.supportLink.setAttribute('aria-current', 'page');
      else shell.supportLink.removeAttribute('aria-current');
      tools.rendered();
      presentation.rendered(state);
      print.update(state.page);
    },
  };
}
