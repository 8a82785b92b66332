// ISOLATED world, document_start: what our relay must do before any page script runs (src/content/create-relay.ts),
// and nothing else: draw a key, make the private channel target, offer both on `document`, wait for a late hook.
(() => {
  const key = crypto.randomUUID();
  const target = new EventTarget();
  let taken = false;
  target.addEventListener('floor:from-hook', () => {});
  const offer = () => {
    if (taken) return;
    taken = !document.dispatchEvent(
      new PointerEvent('floor:offer', { relatedTarget: target, pointerType: key, cancelable: true }),
    );
    if (taken) document.removeEventListener('floor:hello', offer);
  };
  document.addEventListener('floor:hello', offer);
  offer();
})();
