// Nothing: launchWithExtension finds an extension by its service worker.
