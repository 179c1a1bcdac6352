/**
 * The view on screen as a query string (`?page=justice&borough=Croydon`). The address stays the
 * site's own while a reader explores, so that the saved history lists no views; the view is kept in
 * the history entry's state (src/app/history-trail.ts), and read from there.
 */
import type { Page } from 'playwright-core';

export const viewSearch = (page: Page): Promise<string> =>
  page.evaluate(() => (history.state as { view?: string } | null)?.view ?? location.search);
