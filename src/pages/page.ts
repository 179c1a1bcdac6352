/** What every page module offers the app, and the context it is given. */
import type { DataInfo } from '../app/data-info';
import type { PageId, ViewState } from '../app/state';
import type { Database } from '../data/database';

export interface PageContext {
  db: Database;
  data: DataInfo;
  /** Changes the view state (pushes a URL); the app then calls update(). */
  navigate: (patch: Partial<ViewState>) => void;
}

export interface PageView {
  page: PageId;
  element: HTMLElement;
  /** Re-runs the page's queries for a new state and redraws. */
  update(state: ViewState): Promise<void>;
  destroy(): void;
}
