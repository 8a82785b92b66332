// ISOLATED world, document_start: forwards each daily-js app-message seen on window over one port, nothing else.
(() => {
  const port = chrome.runtime.connect({ name: 'baseline-content' });
  window.addEventListener('message', (ev) => {
    const m = ev.data;
    if (!m || m.what !== 'iframe-call-message' || m.action !== 'app-message') return;
    port.postMessage(m.data);
  });
})();
