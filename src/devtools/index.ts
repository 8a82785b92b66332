/** The devtools_page: registers the CVI panel. Panels load lazily, when the user first selects the tab. */
import browser from 'webextension-polyfill';

export const PANEL_TITLE = 'CVI';

void browser.devtools.panels.create(PANEL_TITLE, '/icons/icon16.png', '/src/panel/index.html');
