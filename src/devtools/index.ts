/** The devtools_page: registers the CVI panel. Panels load lazily, when the user first selects the tab. */
import { extensionApi, type DevtoolsApi } from '../bridge/ext';
import { PANEL_SHOWN_EVENT } from '../bridge/panel-shown';

export const PANEL_TITLE = 'CVI';

interface ExtensionPanel {
  onShown: { addListener(listener: (panelWindow: Window) => void): void };
}

/** Each time the panel is shown, focus its window and tell it, so it can put focus on the filter or the table. */
function watchShown(panel: ExtensionPanel | undefined): void {
  panel?.onShown.addListener((panelWindow) => {
    panelWindow.focus();
    panelWindow.dispatchEvent(new Event(PANEL_SHOWN_EVENT));
  });
}

// `chrome.*` takes a callback in both browsers (Chrome's devtools.panels.create has no promise form; Firefox's
// `browser.*` has only the promise one): prefer it, fall back to the promise.
const scope = globalThis as unknown as { chrome?: DevtoolsApi };
const api = scope.chrome?.devtools ? scope.chrome : extensionApi<DevtoolsApi>();
const created = api.devtools.panels.create(PANEL_TITLE, '/icons/icon16.png', '/src/panel/index.html', watchShown);
if (created && typeof (created as Promise<unknown>).then === 'function')
  void (created as Promise<ExtensionPanel>).then(watchShown, () => {});
