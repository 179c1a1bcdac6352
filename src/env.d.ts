/** What the build gives the code through import.meta.env (vite.config.ts). */
interface ImportMetaEnv {
  /** When the Get support list was last checked (YYYY-MM-DD), read from data/support/SOURCES.md. */
  readonly SUPPORT_LIST_CHECKED?: string | null;
}
