/**
 * Where the panel runs: inside DevTools (chrome.devtools is there) or as a standalone extension page opened with
 * `?tabId=N` (used by tests and by people who want the log in a tab). Only this file knows the difference.
 */
import { extensionApi, type ExtApi } from '../bridge/ext';
import { PANEL_PORT } from '../bridge/messages';
import { PANEL_SHOWN_EVENT } from '../bridge/panel-shown';
import type { PortLike } from './connection';

export type Theme = 'light' | 'dark';

export interface PanelHost {
  /** The inspected tab, or undefined when the panel was opened without one (session files only). */
  tabId: number | undefined;
  theme: Theme;
  connect(): PortLike;
  /** Calls `listener` each time DevTools shows the panel (its tab is selected); returns the unsubscribe. */
  onShown(listener: () => void): () => void;
}

interface PanelPageApi extends ExtApi {
  devtools?: { inspectedWindow?: { tabId: number }; panels?: { themeName?: string } };
}

export function detectHost(): PanelHost {
  const api = extensionApi<PanelPageApi>();
  const connect = (): PortLike => api.runtime.connect({ name: PANEL_PORT });
  // The devtools page (src/devtools) dispatches this event on our window from the panel's onShown.
  const onShown = (listener: () => void): (() => void) => {
    window.addEventListener(PANEL_SHOWN_EVENT, listener);
    return () => window.removeEventListener(PANEL_SHOWN_EVENT, listener);
  };
  const inspected = api.devtools?.inspectedWindow;
  if (inspected) {
    return {
      tabId: inspected.tabId,
      theme: api.devtools?.panels?.themeName === 'dark' ? 'dark' : 'light',
      connect,
      onShown,
    };
  }
  const params = new URLSearchParams(location.search);
  const tabParam = Number(params.get('tabId'));
  const themeParam = params.get('theme');
  return {
    tabId: Number.isSafeInteger(tabParam) && tabParam >= 0 && params.has('tabId') ? tabParam : undefined,
    theme:
      themeParam === 'dark' || (themeParam !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches)
        ? 'dark'
        : 'light',
    connect,
    onShown,
  };
}
