import { PAGE_TITLES, type PageId } from '../app/state';
import type { Navigate } from '../app/support-link';
import type { PageContext, PageView } from './page';
import { createPlaceholderPage } from './placeholder';
import { createAccessibilityPage } from './accessibility';
import { createMethodologyPage } from './methodology';
import { createJusticePage } from './justice';
import { createRecordingPage } from './recording';
import { createSupportPage } from './support';
import { createVictimisationPage } from './victimisation';

export type { PageView } from './page';

export function createPage(page: PageId, context: PageContext): PageView {
  switch (page) {
    case 'recording':
      return createRecordingPage(context);
    case 'victimisation':
      return createVictimisationPage(context);
    case 'justice':
      return createJusticePage(context);
    case 'support':
      return createSupportPage(context);
    case 'methodology':
      return createMethodologyPage(context);
    case 'accessibility':
      return createAccessibilityPage();
    default:
      return createPlaceholderPage(page, PAGE_TITLES[page]);
  }
}

/** A page that needs no data (state.ts, pageNeedsData), made before any data has loaded. */
export function createPageWithoutData(page: PageId, navigate: Navigate): PageView {
  switch (page) {
    case 'support':
      return createSupportPage({ navigate });
    default:
      throw new Error(`The ${PAGE_TITLES[page]} page needs the data`);
  }
}
