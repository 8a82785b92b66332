/** Reading the panel's state from a test: the test build of the panel (dist-test/) exposes a read-only snapshot on `__cviPanel`. */
import type { Frame, Page } from 'playwright-core';

export interface PanelInput {
  source: string;
  cursor: number;
  frameId: number;
  record: {
    kind: 'app-message' | 'call-state';
    callId: string;
    via: string;
    dir?: 'in' | 'out';
    origin?: string;
    json: string;
    sendError?: string;
    state?: string;
    truncated?: boolean;
    unserializable?: string;
    size?: number;
  };
}

export interface PanelFrame {
  frameId: number;
  docId: string;
  url: string;
  top: boolean;
  gone: boolean;
  missed: number;
  head: number;
  calls: { callId: string; mode: string; dailyVersion?: string; found: string; via: string }[];
}

type Target = Page | Frame;

export const panelInputs = (panel: Target) =>
  panel.evaluate(
    () => (globalThis as unknown as { __cviPanel?: { inputs(): unknown[] } }).__cviPanel?.inputs() ?? [],
  ) as Promise<PanelInput[]>;

export const panelFrames = (panel: Target) =>
  panel.evaluate(
    () => (globalThis as unknown as { __cviPanel?: { frames(): unknown[] } }).__cviPanel?.frames() ?? [],
  ) as Promise<PanelFrame[]>;

export async function waitUntil<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      /* the panel may be reloading */
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const waitForInputs = (panel: Target, ok: (inputs: PanelInput[]) => boolean, what: string, timeoutMs?: number) =>
  waitUntil(what, () => panelInputs(panel), ok, timeoutMs);

export const appMessages = (inputs: PanelInput[]) => inputs.filter((i) => i.record.kind === 'app-message');
export const incoming = (inputs: PanelInput[]) => appMessages(inputs).filter((i) => i.record.dir === 'in');
export const outgoing = (inputs: PanelInput[]) => appMessages(inputs).filter((i) => i.record.dir === 'out');
export const seqsOf = (inputs: PanelInput[]) =>
  incoming(inputs).map((i) => (JSON.parse(i.record.json) as { seq?: number }).seq);

/** A CSS selector for a data-testid. */
export const testId = (id: string): string => `[data-testid="${id}"]`;

/**
 * Selects a main tab as a user would: its tab in the strip, or, when a narrow dock folded it, the strip's » menu.
 * `title` is the tab's text without its badge ("Mock", "Names seen").
 */
export async function selectMainTab(panel: Target, id: string, title: string): Promise<void> {
  const tab = panel.locator(`#main-tab-${id}`);
  if (await tab.isHidden()) {
    await panel.click('.main-tabs [data-testid="tabs-overflow"]');
    await panel
      .locator('.menu[aria-label="More tabs"] .menu-item')
      .filter({ has: panel.locator('span:last-child', { hasText: new RegExp(`^${title}( \\(.*\\))?$`) }) })
      .click();
  } else await tab.click();
  await panel.locator(`#main-tab-${id}[aria-selected="true"]`).waitFor();
}
