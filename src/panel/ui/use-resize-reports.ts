/**
 * One ResizeObserver for many elements: `onResize` runs (with the latest closure) when any element given to
 * `observe` changes its border box, after the frame's own layout. Each element is observed once, so calling
 * `observe` after every render is cheap. Undefined where there is no ResizeObserver: the caller measures itself then.
 * Used to measure a strip's items only when one resized, not after every render (a forced layout per render).
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ResizeReports {
  observe(element: Element): void;
}

export function useResizeReports(onResize: () => void): ResizeReports | undefined {
  const latest = useRef(onResize);
  latest.current = onResize;
  const [reports] = useState(() => {
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observed = new WeakSet<Element>();
    const observer = new ResizeObserver(() => latest.current());
    return {
      observer,
      observe(element: Element): void {
        if (observed.has(element)) return;
        observed.add(element);
        observer.observe(element, { box: 'border-box' });
      },
    };
  });
  useEffect(() => () => reports?.observer.disconnect(), [reports]);
  return reports;
}
