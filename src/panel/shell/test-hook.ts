/**
 * The read-only state hook the end-to-end tests, Firefox tests and browser benchmarks read (`__cviPanel`). Only the
 * test builds (scripts/build.mjs chrome-test / firefox-test) call this: the shipped builds compile the call out, so
 * nothing of the panel hangs on its globalThis there.
 */
import type { CaptureConnection } from '../connection';
import type { PanelStore } from '../store';

export function exposeTestHook(store: PanelStore, connection: CaptureConnection | undefined): void {
  (globalThis as Record<string, unknown>).__cviPanel = {
    inputs: () => store.inputs(),
    frames: () => connection?.frames() ?? [],
    status: () => store.status.value,
    reconnects: () => store.reconnects,
    stats: () => store.stats.value,
    store,
  };
}

/** Keeps the text of the last export for tests (a download's content is out of their reach); test builds only. */
export function recordExportForTests(text: string): void {
  if (typeof __CVI_TEST_HOOK__ !== 'undefined' && __CVI_TEST_HOOK__)
    (globalThis as Record<string, unknown>).__cviLastExport = text;
}
