/**
 * The devtools page tells the panel page it was shown (its tab selected) by dispatching this event on the panel's
 * window: both are pages of the extension's own origin, so no message channel (and nothing the page can reach).
 */
export const PANEL_SHOWN_EVENT = 'cvi-devtools:panel-shown';
