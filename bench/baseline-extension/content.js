// ISOLATED world, document_start: forwards each daily-js app-message seen on window, nothing else. Three transports,
// chosen by the page's `?ceiling=` query (the benchmarks open the page with it):
//  - naive (default): one port message per event, to the service worker (the naive reference);
//  - batched: the events of up to 4 ms (at most 500) in one port message, to the service worker (a panel's route);
//  - direct: the same batches on one port straight to the counter page (it connects with tabs.connect): the
//    fastest transport an extension can use, the real ceiling.
// Batching follows the CVI relay's own policy (4 ms, 500), so the difference to our figures is our work.
(() => {
  const mode = new URLSearchParams(location.search).get('ceiling') || 'naive';
  const isAppMessage = (m) => m && m.what === 'iframe-call-message' && m.action === 'app-message';
  if (mode === 'naive') {
    const port = chrome.runtime.connect({ name: 'baseline-content' });
    window.addEventListener('message', (ev) => {
      if (isAppMessage(ev.data)) port.postMessage(ev.data.data);
    });
    return;
  }
  let port = mode === 'batched' ? chrome.runtime.connect({ name: 'baseline-content' }) : undefined;
  if (mode === 'direct')
    chrome.runtime.onConnect.addListener((p) => {
      if (p.name === 'baseline-direct') port = p;
    });
  let batch = [];
  let timer = 0;
  const flush = () => {
    clearTimeout(timer);
    timer = 0;
    if (batch.length > 0 && port) port.postMessage(batch);
    batch = [];
  };
  window.addEventListener('message', (ev) => {
    if (!isAppMessage(ev.data)) return;
    batch.push(ev.data.data);
    if (batch.length >= 500) flush();
    else if (!timer) timer = setTimeout(flush, 4);
  });
})();
