// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { clampPaneSize, sizeAfterDrag, SplitPane, type SplitPaneProps } from '../../../src/panel/ui/SplitPane';

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

function mount(props: Partial<SplitPaneProps> = {}): void {
  act(() => {
    render(
      <SplitPane
        direction="horizontal"
        size={300}
        onSizeChange={() => {}}
        first={<div class="main">main</div>}
        second={<div class="side">side</div>}
        {...props}
      />,
      container,
    );
  });
}

const divider = (): HTMLElement => container.querySelector('.split-divider') as HTMLElement;
const sizedPane = (): HTMLElement => container.querySelector('.split-pane.sized') as HTMLElement;

function pointer(type: string, x: number, y = 0): void {
  act(() => {
    divider().dispatchEvent(
      new PointerEvent(type, { clientX: x, clientY: y, pointerId: 1, button: 0, bubbles: true, cancelable: true }),
    );
  });
}

describe('SplitPane', () => {
  it('sizes the second pane by default and lets the first flex', () => {
    mount();
    expect(container.querySelector('.split.horizontal')).not.toBeNull();
    expect(sizedPane().textContent).toBe('side');
    expect(sizedPane().style.width).toBe('300px');
    expect(container.querySelector('.split-pane.flexible')?.textContent).toBe('main');
    expect(divider().getAttribute('aria-orientation')).toBe('vertical');
  });

  it('uses heights when vertical and can size the first pane', () => {
    mount({ direction: 'vertical', sizedPane: 'first', size: 120 });
    expect(sizedPane().textContent).toBe('main');
    expect(sizedPane().style.height).toBe('120px');
  });

  it('follows a drag live and reports the final size once', () => {
    const onSizeChange = vi.fn();
    mount({ onSizeChange });
    pointer('pointerdown', 500);
    pointer('pointermove', 450); // divider moves left: the right-hand pane grows
    expect(sizedPane().style.width).toBe('350px');
    expect(container.querySelector('.split.dragging')).not.toBeNull();
    expect(onSizeChange).not.toHaveBeenCalled();
    pointer('pointerup', 440);
    expect(onSizeChange).toHaveBeenCalledTimes(1);
    expect(onSizeChange).toHaveBeenCalledWith(360);
    expect(container.querySelector('.split.dragging')).toBeNull();
  });

  it('drags vertically with clientY and clamps to the minimum', () => {
    const onSizeChange = vi.fn();
    mount({ direction: 'vertical', sizedPane: 'first', size: 200, minSize: 50, onSizeChange });
    pointer('pointerdown', 0, 300);
    pointer('pointerup', 0, 0);
    expect(onSizeChange).toHaveBeenCalledWith(50);
  });

  it('restores the size when a drag is cancelled', () => {
    const onSizeChange = vi.fn();
    mount({ onSizeChange });
    pointer('pointerdown', 500);
    pointer('pointermove', 400);
    pointer('pointercancel', 400);
    expect(onSizeChange).not.toHaveBeenCalled();
    expect(sizedPane().style.width).toBe('300px');
  });

  it('resizes from the keyboard', () => {
    const onSizeChange = vi.fn();
    mount({ onSizeChange });
    act(() => {
      divider().dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    });
    expect(onSizeChange).toHaveBeenLastCalledWith(310);
    act(() => {
      divider().dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', shiftKey: true, bubbles: true }));
    });
    expect(onSizeChange).toHaveBeenLastCalledWith(250);
  });

  it('can hide the second pane, keeping the first', () => {
    mount({ secondHidden: true });
    expect(container.querySelector('.side')).toBeNull();
    expect(container.querySelector('.split-divider')).toBeNull();
    expect(container.querySelector('.main')).not.toBeNull();
  });
});

describe('SplitPane helpers', () => {
  it('clampPaneSize keeps both panes at their minimum', () => {
    expect(clampPaneSize(300, 1000, 80, 80)).toBe(300);
    expect(clampPaneSize(10, 1000, 80, 80)).toBe(80);
    expect(clampPaneSize(990, 1000, 80, 80)).toBe(920);
    expect(clampPaneSize(5000, 0, 80, 80)).toBe(5000); // container not measured yet
    expect(clampPaneSize(500, 100, 80, 80)).toBe(80); // too small for both: the sized pane's minimum wins
    expect(clampPaneSize(Number.NaN, 1000, 80, 80)).toBe(80);
  });

  it('sizeAfterDrag grows the pane the divider moves away from', () => {
    expect(sizeAfterDrag(300, 50, 'first')).toBe(350);
    expect(sizeAfterDrag(300, 50, 'second')).toBe(250);
  });
});
