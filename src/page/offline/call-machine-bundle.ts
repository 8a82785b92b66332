/**
 * The simulated call machine offline join serves in place of Daily's (dist/offline/call-machine-object-bundle.js).
 * daily-js fetches it (redirected by the extension, in the mock-mode tab only) and runs it in the page. The replica
 * is a participant that says nothing by itself: the panel's mock replica answers the app through the page's call
 * object. Built as one classic script (vite.config.ts); never loaded in a tab without mock mode.
 */
import { SILENT_REPLICA, installPendingMachines, windowMachineEnv, type DailyRegistry } from './call-machine-core';

installPendingMachines(
  windowMachineEnv(window as Window & { _daily?: DailyRegistry }, '[CVI DevTools mock mode] simulated Daily call:'),
  () => SILENT_REPLICA,
);
