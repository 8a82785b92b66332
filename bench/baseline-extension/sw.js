// Forwards every message from any content port to every connected counter page. No state, no checks.
const counters = new Set();
chrome.runtime.onConnect.addListener((port) => {
  if (port.name === 'baseline-counter') {
    counters.add(port);
    port.onDisconnect.addListener(() => counters.delete(port));
  } else if (port.name === 'baseline-content') {
    port.onMessage.addListener((msg) => {
      for (const counter of counters) counter.postMessage(msg);
    });
  }
});
