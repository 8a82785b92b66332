// The baseline "panel": counts what arrives (every seq exactly once?) and, for latency, paints the count once per
// animation frame and notes when that frame's rendering is done (the same measurement the CVI panel bench uses).
(() => {
  // ?tabId=N: connect straight to that tab's content script (the "direct" ceiling); otherwise through the worker.
  const tabId = Number(new URLSearchParams(location.search).get('tabId'));
  const port =
    tabId > 0
      ? chrome.tabs.connect(tabId, { name: 'baseline-direct', frameId: 0 })
      : chrome.runtime.connect({ name: 'baseline-counter' });
  const countEl = document.getElementById('count');
  let expected = 0;
  let count = 0;
  let seen = new Uint8Array(1);
  let dups = 0;
  let doneAt = 0;
  let latencies = [];
  let pending = [];
  let frameQueued = false;
  const afterPaint = new MessageChannel();
  let painted = [];
  afterPaint.port1.onmessage = () => {
    const now = Date.now();
    for (const emittedAt of painted) latencies.push(now - emittedAt);
    painted = [];
  };
  const frame = () => {
    frameQueued = false;
    countEl.textContent = String(count);
    painted = painted.concat(pending);
    pending = [];
    afterPaint.port2.postMessage(0); // runs once this frame's rendering is done
  };
  const one = (data) => {
    count++;
    const seq = data && data.seq;
    if (typeof seq === 'number' && seq > 0 && seq < seen.length) {
      if (seen[seq]) dups++;
      seen[seq] = 1;
    }
    if (data && typeof data.emittedAt === 'number') {
      pending.push(data.emittedAt);
      if (!frameQueued) {
        frameQueued = true;
        requestAnimationFrame(frame);
      }
    }
    if (expected > 0 && count === expected) doneAt = Date.now();
  };
  // A batch is an array of events; the naive transport sends one event per message.
  port.onMessage.addListener((data) => {
    if (Array.isArray(data)) for (const item of data) one(item);
    else one(data);
  });
  window.__baseline = {
    connected: true,
    reset(n) {
      expected = n;
      count = 0;
      dups = 0;
      doneAt = 0;
      seen = new Uint8Array(n + 1);
      latencies = [];
    },
    /** Missing counts holes below the highest seq seen (a run stopped early is not "loss"). */
    result() {
      let top = 0;
      for (let s = seen.length - 1; s > 0; s--) if (seen[s]) { top = s; break; }
      let missing = 0;
      for (let s = 1; s <= top; s++) if (!seen[s]) missing++;
      return { count, doneAt, dups, missing, top };
    },
    latencies: () => latencies.slice(),
  };
})();
