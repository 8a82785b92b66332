// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { OverflowToolbar, type OverflowToolbarItem } from '../../../src/panel/ui/OverflowToolbar';

// happy-dom has no layout: the bar's width and each item's width come from data attributes.
let barWidth = 1000;
let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('overflow-toolbar') ? barWidth : 0;
  });
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    const source = this.querySelector<HTMLElement>('[data-w]') ?? this;
    const width = Number(source.dataset.w ?? 0);
    return { x: 0, y: 0, left: 0, top: 0, right: width, bottom: 20, width, height: 20, toJSON: () => ({}) };
  });
});
afterEach(() => {
  act(() => render(null, container));
  container.remove();
  vi.restoreAllMocks();
});

function items(log: string[]): OverflowToolbarItem[] {
  const button = (id: string, width: number, priority: number, pinned = false): OverflowToolbarItem => ({
    id,
    priority,
    pinned,
    render: () => (
      <button type="button" data-w={String(width)} onClick={() => log.push(`bar:${id}`)}>
        {id}
      </button>
    ),
    menuItems: () => [{ kind: 'action', label: `Menu ${id}`, onSelect: () => log.push(`menu:${id}`) }],
  });
  return [
    button('record', 30, 0, true),
    button('preserve', 100, 2),
    button('twins', 100, 9),
    button('settings', 30, 4),
  ];
}

function mount(width: number, log: string[] = []) {
  barWidth = width;
  act(() => render(<OverflowToolbar ariaLabel="Controls" items={items(log)} />, container));
  // Measurements land in a layout effect, then the bar re-fits.
  act(() => {});
  return log;
}

const hiddenIds = () =>
  Array.from(container.querySelectorAll<HTMLElement>('.toolbar-item'))
    .filter((e) => e.hidden)
    .map((e) => e.dataset.item);
const overflowButton = () => container.querySelector<HTMLButtonElement>('[data-testid="toolbar-overflow"]');

describe('OverflowToolbar', () => {
  it('shows every item and no » button when they fit', () => {
    mount(1000);
    expect(hiddenIds()).toEqual([]);
    expect(overflowButton()).toBeNull();
  });

  it('folds the least important items into the » menu when narrow, and the menu runs them', () => {
    const log = mount(200);
    expect(hiddenIds()).toEqual(['twins']);
    expect(overflowButton()?.getAttribute('aria-label')).toBe('More tools (1)');
    act(() => overflowButton()!.click());
    const menuItems = Array.from(document.body.querySelectorAll<HTMLButtonElement>('.menu .menu-item'));
    expect(menuItems.map((b) => b.textContent)).toEqual(['Menu twins']);
    act(() => menuItems[0]!.click());
    expect(log).toEqual(['menu:twins']);
    expect(document.body.querySelector('.menu')).toBeNull();
  });

  it('keeps pinned items even when nothing else fits', () => {
    mount(40);
    expect(hiddenIds()).toEqual(['preserve', 'twins', 'settings']);
    act(() => overflowButton()!.click());
    expect(Array.from(document.body.querySelectorAll('.menu .menu-item')).map((b) => b.textContent)).toEqual([
      'Menu preserve',
      'Menu twins',
      'Menu settings',
    ]);
  });
});

describe('OverflowToolbar measuring', () => {
  it('settles when an item in compact form measures a little wider in the bar than its invisible twin', () => {
    // The counter's compact form: 50 px in the bar, 40 px in the measuring copy (a padding the copy lacked). Both
    // used to be noted in one pass, so every pass changed a width and re-rendered: the panel froze on a new event.
    let renders = 0;
    const counts: OverflowToolbarItem = {
      id: 'counts',
      priority: 5,
      render: (compact) => {
        renders++;
        // Past 50 renders, agree with the copy so a regression fails here instead of hanging the test run.
        const width = compact ? (renders > 50 ? 40 : 50) : 120;
        return <span data-w={String(width)}>{compact ? '44 · 92' : '44 rows · 92 events'}</span>;
      },
      measureCompact: <span data-w="40">44 · 92</span>,
      menuItems: () => [],
    };
    const record: OverflowToolbarItem = {
      id: 'record',
      priority: 0,
      pinned: true,
      render: () => <button type="button" data-w="30" />,
      menuItems: () => [],
    };
    barWidth = 100;
    act(() => render(<OverflowToolbar ariaLabel="Controls" items={[record, counts]} />, container));
    act(() => {});
    act(() => {});
    expect(container.querySelector('[data-item="counts"]')?.getAttribute('data-compact')).toBe('true');
    expect(hiddenIds()).toEqual([]);
    expect(renders).toBeLessThan(10);
  });
});

describe('Tabs with overflowMenu', () => {
  it('folds the tabs that do not fit into a » menu, never the selected one, and selects from the menu', async () => {
    const { Tabs } = await import('../../../src/panel/ui/Tabs');
    // Each tab measures 80 px (getBoundingClientRect reads data-w); the strip is 200 px wide.
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('tabs-list') ? 200 : 0;
    });
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const width = this.getAttribute('role') === 'tab' ? 80 : 0;
      return { x: 0, y: 0, left: 0, top: 0, right: width, bottom: 20, width, height: 20, toJSON: () => ({}) };
    });
    const chosen: string[] = [];
    const tabs = ['events', 'turns', 'problems', 'names'].map((id) => ({ id, title: id }));
    act(() => {
      render(<Tabs tabs={tabs} selectedId="names" onSelect={(id) => chosen.push(id)} overflowMenu />, container);
    });
    act(() => {});
    const hidden = () =>
      Array.from(container.querySelectorAll<HTMLElement>('[role="tab"]'))
        .filter((t) => t.hidden)
        .map((t) => t.dataset.tabId);
    // 200 px: the selected "names" (80) and "events" (80) fit with the » button (28); turns and problems fold.
    expect(hidden()).toEqual(['turns', 'problems']);
    act(() => container.querySelector<HTMLButtonElement>('[data-testid="tabs-overflow"]')!.click());
    const items = Array.from(document.body.querySelectorAll<HTMLButtonElement>('.menu .menu-item'));
    expect(items.map((i) => i.textContent)).toEqual(['turns', 'problems']);
    act(() => items[1]!.click());
    expect(chosen).toEqual(['problems']);
  });

  it('reads no layout when only a badge changes; a tab that resizes re-fits the strip', async () => {
    const { Tabs } = await import('../../../src/panel/ui/Tabs');
    const callbacks: Array<() => void> = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: () => void) {
          callbacks.push(callback);
        }
        observe(): void {}
        disconnect(): void {}
      },
    );
    let tabWidth = 60;
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('tabs-list') ? 200 : 0;
    });
    const rects = vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (
      this: HTMLElement,
    ) {
      const width = this.getAttribute('role') === 'tab' ? tabWidth : 0;
      return { x: 0, y: 0, left: 0, top: 0, right: width, bottom: 20, width, height: 20, toJSON: () => ({}) };
    });
    const show = (count: number): void => {
      const tabs = ['events', 'turns', 'problems'].map((id) => ({
        id,
        title: id,
        badge: id === 'events' ? count : undefined,
      }));
      act(() => {
        render(<Tabs tabs={tabs} selectedId="events" onSelect={() => {}} overflowMenu />, container);
      });
    };
    show(1);
    act(() => {});
    expect(hiddenTabs()).toEqual([]);
    // The Events badge counts on every frame of a live stream: no layout is read for it.
    rects.mockClear();
    show(2);
    show(3);
    expect(rects).not.toHaveBeenCalled();
    // The tabs grew (a longer count): the observer reports it after the frame's layout, and the strip folds.
    tabWidth = 80;
    show(1000);
    act(() => callbacks.forEach((notify) => notify()));
    act(() => {});
    expect(hiddenTabs()).toEqual(['problems']);
    vi.unstubAllGlobals();
  });

  it('fits the tabs in the room the trailing items leave, not the whole strip', async () => {
    const { Tabs } = await import('../../../src/panel/ui/Tabs');
    // The strip is 400 px, its trailing items (Replay, the call) take 200: the tabs have the list's 200 px.
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      if (this.classList.contains('tabs-list')) return 200;
      return this.classList.contains('tabs') ? 400 : 0;
    });
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const width = this.getAttribute('role') === 'tab' ? 80 : 0;
      return { x: 0, y: 0, left: 0, top: 0, right: width, bottom: 20, width, height: 20, toJSON: () => ({}) };
    });
    const tabs = ['events', 'turns', 'problems', 'names'].map((id) => ({ id, title: id }));
    act(() => {
      render(
        <Tabs tabs={tabs} selectedId="events" onSelect={() => {}} overflowMenu trailing={<span>call</span>} />,
        container,
      );
    });
    act(() => {});
    expect(hiddenTabs()).toEqual(['problems', 'names']);
  });

  it('folds once a hidden panel is shown (it measured 0 while hidden)', async () => {
    const { Tabs } = await import('../../../src/panel/ui/Tabs');
    let shown = false;
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return shown && this.classList.contains('tabs-list') ? 200 : 0;
    });
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const width = shown && this.getAttribute('role') === 'tab' ? 80 : 0;
      return { x: 0, y: 0, left: 0, top: 0, right: width, bottom: 20, width, height: 20, toJSON: () => ({}) };
    });
    // happy-dom does no layout, so it never reports a resize: this one is told when the panel is shown.
    const observers: Array<() => void> = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(private readonly callback: () => void) {}
        observe(): void {
          observers.push(this.callback);
        }
        disconnect(): void {}
      },
    );
    const tabs = ['events', 'turns', 'problems', 'names'].map((id) => ({ id, title: id }));
    act(() => {
      render(<Tabs tabs={tabs} selectedId="events" onSelect={() => {}} overflowMenu />, container);
    });
    act(() => {});
    expect(hiddenTabs()).toEqual([]);
    shown = true;
    act(() => observers.forEach((notify) => notify()));
    act(() => {});
    expect(hiddenTabs()).toEqual(['problems', 'names']);
    vi.unstubAllGlobals();
  });
});

function hiddenTabs(): Array<string | undefined> {
  return Array.from(container.querySelectorAll<HTMLElement>('[role="tab"]'))
    .filter((t) => t.hidden)
    .map((t) => t.dataset.tabId);
}

describe('OverflowToolbar menu', () => {
  it('separates the folded items where the bar does and around multi-entry groups, not between every item', () => {
    const item = (id: string, labels: string[], separatorBefore = false): OverflowToolbarItem => ({
      id,
      priority: 1,
      separatorBefore,
      render: () => <button type="button" data-w="100" />,
      menuItems: () => labels.map((label) => ({ kind: 'action' as const, label, onSelect: () => {} })),
    });
    const pinned: OverflowToolbarItem = { ...item('record', []), priority: 0, pinned: true };
    barWidth = 50;
    act(() =>
      render(
        <OverflowToolbar
          ariaLabel="Controls"
          items={[
            { ...pinned, render: () => <button type="button" data-w="20" /> },
            item('preserve', ['Preserve log']),
            item('kinds', ['Event kinds…']),
            item('streams', ['Group streams'], true),
            item('twins', ['Hide twins']),
            item('order', ['Seq order', 'Arrival order']),
            item('settings', ['Settings…']),
          ]}
        />,
        container,
      ),
    );
    act(() => {});
    act(() => overflowButton()!.click());
    const entries = Array.from(document.body.querySelectorAll('.menu > *')).map((e) =>
      e.classList.contains('menu-separator') ? '—' : (e.textContent ?? ''),
    );
    expect(entries).toEqual([
      'Preserve log',
      'Event kinds…',
      '—',
      'Group streams',
      'Hide twins',
      '—',
      'Seq order',
      'Arrival order',
      '—',
      'Settings…',
    ]);
  });
});

describe('OverflowToolbar measuring', () => {
  it('reads no layout on a re-render that changes no size; a resize it is told of re-fits the bar', () => {
    // A ResizeObserver that reports only when the test says an element resized (happy-dom has none that works).
    const observers: Array<{ callback: () => void; targets: Set<Element> }> = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        private readonly entry: { callback: () => void; targets: Set<Element> };
        constructor(callback: () => void) {
          this.entry = { callback, targets: new Set() };
          observers.push(this.entry);
        }
        observe(element: Element): void {
          this.entry.targets.add(element);
        }
        unobserve(element: Element): void {
          this.entry.targets.delete(element);
        }
        disconnect(): void {
          this.entry.targets.clear();
        }
      },
    );
    const rects = vi.mocked(HTMLElement.prototype.getBoundingClientRect);
    const counter = (label: string, width: number): OverflowToolbarItem => ({
      id: 'counts',
      priority: 5,
      render: () => <span data-w={String(width)}>{label}</span>,
      menuItems: () => [],
    });
    const others = items([]);
    const show = (label: string, width: number): void => {
      act(() => {
        render(<OverflowToolbar ariaLabel="Controls" items={[...others, counter(label, width)]} />, container);
      });
    };
    barWidth = 400; // record 30 + preserve 100 + twins 100 + settings 30 + counts: fits while counts ≤ 140
    show('12 events', 80);
    act(() => {});
    expect(hiddenIds()).toEqual([]);
    // A live stream re-renders the bar on every frame with a new count: no layout is read for it.
    rects.mockClear();
    show('13 events', 80);
    show('14 events', 80);
    expect(rects).not.toHaveBeenCalled();
    // The count grows wider: the observer says so after the frame's layout, and the bar re-fits.
    show('1,000,000 events', 190);
    const content = container.querySelector('[data-item="counts"] > .toolbar-item-content')!;
    const observer = observers.find((o) => o.targets.has(content));
    expect(observer).toBeDefined();
    act(() => observer!.callback());
    act(() => {});
    expect(hiddenIds()).toEqual(['twins']);
    vi.unstubAllGlobals();
  });
});
