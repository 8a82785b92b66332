/** The devtools_page: registers the CVI panel. Panels load lazily, when the user first selects the tab. */
import { extensionApi, type DevtoolsApi } from '../bridge/ext';

export const PANEL_TITLE = 'CVI';

void extensionApi<DevtoolsApi>().devtools.panels.create(PANEL_TITLE, '/icons/icon16.png', '/src/panel/index.html');
