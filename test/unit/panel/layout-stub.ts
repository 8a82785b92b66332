/**
 * happy-dom does no layout (every size is 0). Component tests give scrollers a fixed clientHeight through this
 * stub, per CSS class, and restore the real property afterwards.
 */
export function stubClientHeight(heightsByClass: Record<string, number>): () => void {
  const proto = HTMLElement.prototype;
  const own = Object.getOwnPropertyDescriptor(proto, 'clientHeight');
  Object.defineProperty(proto, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      for (const [className, height] of Object.entries(heightsByClass)) {
        if (this.classList.contains(className)) return height;
      }
      return 0;
    },
  });
  return () => {
    if (own) Object.defineProperty(proto, 'clientHeight', own);
    else delete (proto as unknown as Record<string, unknown>).clientHeight;
  };
}
