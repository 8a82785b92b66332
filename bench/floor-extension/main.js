// MAIN world, document_start: what our hook must do before any page script runs (src/page/intrinsics.ts,
// src/page/install-hook.ts), and nothing else: save the built-ins the channel uses, take the offer, say hello.
(() => {
  const call = Function.prototype.call;
  const uncurry = (fn) => call.bind(fn);
  const getter = (proto, name) => uncurry(Reflect.getOwnPropertyDescriptor(proto, name).get);
  const addEventListener = uncurry(EventTarget.prototype.addEventListener);
  const removeEventListener = uncurry(EventTarget.prototype.removeEventListener);
  const dispatchEvent = uncurry(EventTarget.prototype.dispatchEvent);
  const preventDefault = uncurry(Event.prototype.preventDefault);
  const stopImmediatePropagation = uncurry(Event.prototype.stopImmediatePropagation);
  const relatedTarget = getter(MouseEvent.prototype, 'relatedTarget');
  const pointerType = getter(PointerEvent.prototype, 'pointerType');
  const detail = getter(CustomEvent.prototype, 'detail');
  const CustomEventCtor = CustomEvent;
  const MessageEventCtor = MessageEvent;
  const kept = { detail, CustomEventCtor };
  const onOffer = (ev) => {
    const target = relatedTarget(ev);
    const key = pointerType(ev);
    if (!target || !key) return;
    preventDefault(ev);
    stopImmediatePropagation(ev);
    removeEventListener(document, 'floor:offer', onOffer);
    kept.channel = { target, key, dispatchEvent };
    // For the bench only: proof that the handshake happened (a floor that silently failed would look cheap).
    window.__floorChannelTaken = true;
  };
  addEventListener(document, 'floor:offer', onOffer);
  dispatchEvent(document, new MessageEventCtor('floor:hello', {}));
})();
