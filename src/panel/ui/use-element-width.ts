/** The width of an element, kept current by a ResizeObserver (0 until it is laid out, and while hidden). */
import { useLayoutEffect, useState } from 'preact/hooks';

/**
 * `box`: `border` is the rendered width (getBoundingClientRect); `client` leaves out a vertical scrollbar, for
 * containers whose content must fit beside one.
 */
export function useElementWidth(ref: { current: HTMLElement | null }, box: 'border' | 'client' = 'border'): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = (): void =>
      setWidth(box === 'client' ? element.clientWidth : element.getBoundingClientRect().width);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, box]);
  return width;
}
