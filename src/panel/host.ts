/**
 * Where the panel runs: inside DevTools (chrome.devtools is there) or as a standalone extension page opened with
 * `?tabId=N` (used by tests and by people who want the log in a tab). Only this file knows the difference.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { PANEL_PORT } from '../bridge/messages';
import type { PortLike } from './connection';

export type Theme = 'light' | 'dark';

export interface PanelHost {
  /** The inspected tab, or undefined when the panel was opened without one (session files only). */
  tabId: number | undefined;
  theme: Theme;
  connect(): PortLike;
}

export function detectHost(): PanelHost {
  const connect = () => browser.runtime.connect({ name: PANEL_PORT }) as Runtime.Port as PortLike;
  const devtools = (browser as { devtools?: typeof browser.devtools }).devtools;
  if (devtools?.inspectedWindow) {
    const themeName = (devtools.panels as { themeName?: string }).themeName;
    return {
      tabId: devtools.inspectedWindow.tabId,
      theme: themeName === 'dark' ? 'dark' : 'light',
      connect,
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
  };
}
