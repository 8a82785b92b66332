/**
 * Shared pieces of the browser benchmarks (bench/browser/*.bench-e2e.ts, run by `npm run bench`):
 * launching Chromium with our extension, without any extension, and with the baseline extension; small
 * statistics; and the result files in bench-results/ that scripts/bench.mjs turns into one table.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BASE_ARGS, CHROMIUM, launchWithExtension, type ExtensionSession } from '../../test/support/browser';
import { ROOT, startServer, type TestServer } from '../../test/support/server';
import { afterAll, beforeAll } from 'vitest';

export { startServer, type TestServer } from '../../test/support/server';
export { launchWithExtension, type ExtensionSession } from '../../test/support/browser';

export const RESULTS_DIR = path.join(ROOT, 'bench-results');
export const BASELINE_EXTENSION_DIR = path.join(ROOT, 'bench/baseline-extension');

/** The same flags launchWithExtension uses, so "with" and "without" differ only by the extension. */
const PLAIN_ARGS = [...BASE_ARGS];

export interface PlainSession {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium without any extension (the bare baseline for page-side costs). */
export async function launchPlain(): Promise<PlainSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: false, args: PLAIN_ARGS });
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  return {
    browser,
    context,
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

/**
 * Opens an extension page in a window of its own (through the extension's service worker).
 *
 * Headless Chromium only drives animation frames steadily for the active tab of a window: a page in a background
 * tab gets a frame about once per second when it asks for one now and then (a panel's rAF-batched updates), which
 * would measure Chromium's tab throttling rather than our code. So the inspected page is the active tab of the
 * first window and the panel (or the baseline's counter) is the only tab of a second one, as a docked or undocked
 * DevTools panel is visible beside its page.
 */
export async function openInOwnWindow(session: ExtensionSession, url: string): Promise<Page> {
  const worker = await session.serviceWorker();
  const [page] = await Promise.all([
    session.context.waitForEvent('page', {
      predicate: (p) => p.url() === url || p.url() === 'about:blank',
      timeout: 15_000,
    }),
    worker.evaluate(
      (u) => chrome.windows.create({ url: u, width: 1200, height: 800, focused: true }).then(() => true),
      url,
    ),
  ]);
  await page.waitForLoadState('load');
  if (page.url() !== url) await page.waitForURL(url);
  return page;
}

/** Our panel (standalone, watching `page`'s tab) in its own window; see openInOwnWindow. */
export async function openPanelWindow(session: ExtensionSession, page: Page): Promise<Page> {
  const tabId = await session.tabIdOf(page);
  return openInOwnWindow(
    session,
    `chrome-extension://${session.extensionId}/src/panel/index.html?tabId=${tabId}&theme=light`,
  );
}

/**
 * How the baseline extension moves events (bench/baseline-extension/content.js), chosen by the bench page's
 * `?ceiling=` query: `naive` one port message per event through the service worker (the old reference); `batched`
 * the relay's batching (4 ms, ≤ 500) through the service worker (a DevTools panel's route); `direct` the same batches
 * on one port from the content script straight to the counter page: the real ceiling.
 */
export type CeilingMode = 'naive' | 'batched' | 'direct';

export interface BaselineSession {
  session: ExtensionSession;
  /**
   * Opens the baseline's counter page (the "panel" of the ceiling) in its own window, after the page; with `page`
   * (the `direct` mode) it connects straight to that tab's content script.
   */
  openCounter(page?: Page): Promise<Page>;
  close(): Promise<void>;
}

/** Chromium with the plain-JS baseline extension: window message → one port → service worker → counter page. */
export async function launchBaseline(): Promise<BaselineSession> {
  const session = await launchWithExtension([], BASELINE_EXTENSION_DIR);
  return {
    session,
    async openCounter(watched?: Page) {
      const query = watched ? `?tabId=${await session.tabIdOf(watched)}` : '';
      const url = `chrome-extension://${session.extensionId}/counter.html${query}`;
      // One retry: on a loaded machine a new window's first load has timed out now and then.
      const page = await openInOwnWindow(session, url).catch(() => openInOwnWindow(session, url));
      await page.waitForFunction(
        () => (globalThis as unknown as { __baseline?: { connected: boolean } }).__baseline?.connected === true,
      );
      return page;
    },
    close: () => session.close(),
  };
}

// ---- page helpers ---------------------------------------------------------------------------------------------

export interface BenchWindow {
  __joined?: boolean;
  __bench: {
    received(): number;
    eventSize(): number;
    dispatch(batches: number, size: number, gapMs: number): Promise<number[]>;
    stream(n: number, perSecond: number, tag: string): Promise<number>;
    burst(n: number, startSeq: number): number;
  };
}

/** The bench page; `ceiling` picks the baseline extension's transport (our extension ignores the query). */
export async function openBenchPage(context: BrowserContext, origin: string, ceiling?: CeilingMode): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/fixtures/bench-call.html${ceiling ? `?ceiling=${ceiling}` : ''}`);
  await page.waitForFunction(() => (window as unknown as BenchWindow).__joined === true, undefined, {
    timeout: 30_000,
  });
  return page;
}

export interface PanelGlobal {
  __cviPanel?: {
    status(): string;
    frames(): { calls: unknown[]; missed: number; cursor: number }[];
    stats(): { total: number };
    store: PanelStoreLike;
  };
}

/** The slice of the panel's PanelStore the benchmarks touch (src/panel/store.ts). */
export interface PanelStoreLike {
  log: {
    size: number;
    add(inputs: unknown[]): unknown;
    get(id: number): { record: { kind: string; json: string } } | undefined;
    view(options: object): { length: number; eventIds(options: object): Iterable<number> };
    turns(callId?: string): readonly unknown[];
  };
  receive(inputs: unknown[]): void;
  flush(): void;
  filterText: { value: string };
  view: { value: { length: number } };
  turns: { value: readonly unknown[] };
  collapseStreams: { value: boolean };
}

/** Waits until the panel is connected and knows the page's call (so the relay is streaming live). */
export async function waitForPanelReady(panel: Page): Promise<void> {
  await panel.waitForFunction(
    () => {
      const p = (globalThis as unknown as PanelGlobal).__cviPanel;
      return p?.status() === 'connected' && p.frames().some((f) => f.calls.length > 0) && p.store.log.size > 0;
    },
    undefined,
    { timeout: 30_000, polling: 100 },
  );
  // Let the initial sync reply land.
  await panel.waitForTimeout(300);
}

// ---- in the panel page: store inputs, realistic turns, the event table's scroll loop ---------------------------

/** One input of the panel store's receive(), as the relay hands records over. */
export interface StoreInput {
  source: string;
  cursor: number;
  frameId: number;
  record: Record<string, unknown>;
}

/** What varies between the app-messages the benchmarks feed the panel's store; the rest is the bench call's. */
export interface AppMessageFields {
  json: string;
  cursor: number;
  /** Capture time, ms since the epoch; now by default. */
  t?: number;
  dir?: 'in' | 'out';
  /** Who sent an incoming message, or whom an outgoing one went to. */
  peer?: { fromId: string } | { to: string };
  source?: string;
  callId?: string;
}

/**
 * Helpers that run in the panel page. Playwright sends a page function's source text, not its closure, so this
 * one is self-contained: `const kit = await panel.evaluateHandle(panelBenchKit)` makes them there once, and
 * `panel.evaluate(({ kit }) => …, { kit })` hands them to any later page function as the object itself.
 */
export function panelBenchKit() {
  /** An app-message record as store.receive takes it, captured by the hook. */
  const appMessageInput = ({
    json,
    cursor,
    t = Date.now(),
    dir = 'in',
    peer,
    source = '0:bench-doc',
    callId = 'bench-call-7f3a',
  }: AppMessageFields): StoreInput => ({
    source,
    cursor,
    frameId: 0,
    record: {
      kind: 'app-message',
      callId,
      via: 'hook',
      t,
      dir,
      origin: dir === 'in' ? 'remote' : 'app',
      json,
      size: json.length,
      ...peer,
    },
  });

  /**
   * `n` inputs of realistic Tavus turns, in order, 19 ms apart: the user's speech (now and then after a text echo
   * the app sent, or followed by a tool call), then the replica's answer streamed in 10 chunks.
   */
  const realisticTurns = (n: number): StoreInput[] => {
    const inputs: StoreInput[] = [];
    let seq = 1;
    let turn = 0;
    let t = Date.now() - n * 20;
    const push = (data: Record<string, unknown>, dir: 'in' | 'out' = 'in') => {
      const json = JSON.stringify(data);
      inputs.push(
        appMessageInput({
          json,
          cursor: inputs.length + 1,
          t: (t += 19),
          dir,
          peer: dir === 'in' ? { fromId: 'replica-7f3a' } : { to: '*' },
        }),
      );
    };
    const ev = (eventType: string, inference: string, properties?: Record<string, unknown>) => ({
      message_type: 'conversation',
      event_type: eventType,
      conversation_id: 'c7f3a9e1b2d4',
      inference_id: inference,
      seq: seq++,
      turn_idx: turn,
      timestamp: t / 1000,
      ...(properties ? { properties } : {}),
    });
    const topics = ['refund policy', 'shipping times', 'warranty', 'order status', 'pricing', 'account access'];
    while (inputs.length < n) {
      turn++;
      const u = `u${turn}-5b0c2f7e-1d3a-4e8b-9f61`;
      const r = `r${turn}-d41a7c90-6b2e-4f0a-8c13`;
      const topic = topics[turn % topics.length];
      if (turn % 6 === 0)
        push(
          {
            message_type: 'conversation',
            event_type: 'conversation.echo',
            conversation_id: 'c7f3a9e1b2d4',
            properties: { modality: 'text', text: `Tell me about the ${topic}` },
          },
          'out',
        );
      push(ev('conversation.user.started_speaking', u));
      push(ev('conversation.user.stopped_speaking', u));
      push(
        ev('conversation.utterance', u, {
          role: 'user',
          speech: `Can you tell me about option ${turn} and the ${topic}?`,
        }),
      );
      if (turn % 5 === 0)
        push(ev('conversation.tool_call', u, { name: 'lookup_order', arguments: `{"order_id":"A-${turn}"}` }));
      push(ev('conversation.replica.started_speaking', r));
      let speech = 'Sure.';
      for (let k = 0; k < 10; k++) {
        speech += ` Option ${turn} part ${k} covers the ${topic}.`;
        push(
          ev('conversation.utterance.streaming', r, {
            role: 'replica',
            speech: speech.slice(-160),
            content_index: k,
            final: k === 9,
          }),
        );
      }
      push(ev('conversation.utterance', r, { role: 'replica', speech: `Option ${turn} covers the ${topic} in full.` }));
      push(ev('conversation.replica.stopped_speaking', r, { duration: 3.1 + (turn % 7) / 10 }));
    }
    inputs.length = n;
    return inputs;
  };

  /** Feeds `inputs` to the store in chunks of 2,000 records (the size the relay sends), each flushed, as the connection does. */
  const feedInChunks = (store: PanelStoreLike, inputs: readonly StoreInput[]) => {
    for (let i = 0; i < inputs.length; i += 2000) {
      store.receive(inputs.slice(i, i + 2000));
      store.flush();
    }
  };

  return { appMessageInput, realisticTurns, feedInChunks };
}

export type PanelBenchKit = ReturnType<typeof panelBenchKit>;

/** What the event table does in each animation frame of scrollEventTable. */
export type ScrollKind = 'idle' | 'fling' | 'sweep';

export interface ScrollRun {
  /** Between consecutive animation frames, ms. */
  intervals: number[];
  /** The most event rows in the DOM in any frame (0 unless counted). */
  maxRows: number;
  scrolledTo: number;
  scrollHeight: number;
  /** data-row-index of the first event row in the DOM at the end. */
  firstRow: string | null;
}

/**
 * The intervals between `frames` animation frames of the panel while its event table scrolls in each: `idle` not at
 * all; `fling` a fast wheel/trackpad scroll, 1,200 px per frame, starting at `from` (0–1 of the range it has room
 * in); `sweep` top to bottom in `frames` frames (every frame shows rows never rendered before, like dragging the
 * scrollbar). `countRows` counts the DOM's event rows in every frame (a query per frame, part of what is timed).
 */
export function scrollEventTable(
  page: Page,
  kind: ScrollKind,
  frames: number,
  { from = 0, countRows = true }: { from?: number; countRows?: boolean } = {},
): Promise<ScrollRun> {
  return page.evaluate(
    ([k, count, start, counting]) =>
      new Promise<ScrollRun>((resolve) => {
        const scroller = document.querySelector('.event-table .vlist') as HTMLElement | null;
        if (!scroller) throw new Error('no event table scroller');
        const intervals: number[] = [];
        let last = 0;
        let frame = 0;
        let maxRows = 0;
        const max = scroller.scrollHeight - scroller.clientHeight;
        if (k !== 'idle') scroller.scrollTop = Math.round(start * Math.max(0, max - count * 1200));
        const tick = (t: number) => {
          if (last) intervals.push(t - last);
          last = t;
          if (counting) maxRows = Math.max(maxRows, document.querySelectorAll('[data-testid=event-row]').length);
          if (frame++ >= count) {
            resolve({
              intervals,
              maxRows,
              scrolledTo: scroller.scrollTop,
              scrollHeight: scroller.scrollHeight,
              firstRow: document.querySelector('[data-testid=event-row]')?.getAttribute('data-row-index') ?? null,
            });
            return;
          }
          if (k === 'fling') scroller.scrollTop = Math.min(max, scroller.scrollTop + 1200);
          else if (k === 'sweep') scroller.scrollTop = Math.round((max * frame) / count);
          // A real scroll fires its scroll event in this frame's scroll steps, before rendering, so the list draws
          // the rows of this position and Blink paints them. A scrollTop written here would fire it only in the next
          // frame: the list would render the previous position's rows, off screen and never painted. The event the
          // browser still fires next frame finds the list at this position already (no render).
          if (k !== 'idle') scroller.dispatchEvent(new Event('scroll'));
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    [kind, frames, from, countRows] as const,
  );
}

// ---- statistics -----------------------------------------------------------------------------------------------

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);
export const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** 95 % bootstrap interval of median(a) − median(b), with a fixed seed (so reruns of the same data agree). */
export function bootstrapMedianDiff(
  a: readonly number[],
  b: readonly number[],
  rounds = 2000,
): { lo: number; hi: number } {
  let state = 0x2545f491;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const resample = (xs: readonly number[]) => xs.map(() => xs[Math.floor(random() * xs.length)] as number);
  const diffs: number[] = [];
  for (let i = 0; i < rounds; i++) diffs.push(median(resample(a)) - median(resample(b)));
  return { lo: quantile(diffs, 0.025), hi: quantile(diffs, 0.975) };
}

export const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

// ---- results --------------------------------------------------------------------------------------------------

export interface MetricRow {
  /** Benchmark group, e.g. "page cost". */
  group: string;
  metric: string;
  value: number | string;
  unit: string;
  /** The bare baseline measured in the same run (or a description when there is none). */
  baseline?: number | string;
  /** Human-readable target, e.g. "≤ 10 µs". */
  target?: string;
  /** undefined: informational (no target). */
  pass?: boolean;
  note?: string;
}

export interface ResultFile {
  name: string;
  date: string;
  machine: MachineInfo;
  rows: MetricRow[];
  details: Record<string, unknown>;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  loadAverageAtStart: number[];
  node: string;
  chromium: string;
}

export function machineInfo(): MachineInfo {
  let chromiumVersion = 'unknown';
  try {
    chromiumVersion = execFileSync(CHROMIUM, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    /* reported as unknown */
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
    node: process.version,
    chromium: chromiumVersion,
  };
}

export class Results {
  readonly rows: MetricRow[] = [];
  readonly details: Record<string, unknown> = {};
  private readonly machine = machineInfo();

  constructor(readonly name: string) {}

  add(row: MetricRow): void {
    this.rows.push(row);
  }

  write(): void {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file: ResultFile = {
      name: this.name,
      date: new Date().toISOString(),
      machine: this.machine,
      rows: this.rows,
      details: this.details,
    };
    fs.writeFileSync(path.join(RESULTS_DIR, `${this.name}.json`), JSON.stringify(file, null, 2) + '\n');
    console.log(
      formatTable(this.rows, `${this.name} (load average at start: ${this.machine.loadAverageAtStart.join(', ')})`),
    );
  }
}

export function formatCell(value: number | string | undefined, unit = ''): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  const text = Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(round(value, 2));
  return unit ? `${text} ${unit}` : text;
}

export function formatTable(rows: readonly MetricRow[], title: string): string {
  const header = ['metric', 'value', 'baseline', 'target', 'result'];
  const lines = rows.map((r) => [
    `${r.group}: ${r.metric}`,
    formatCell(r.value, r.unit),
    formatCell(r.baseline, typeof r.baseline === 'number' ? r.unit : ''),
    r.target ?? '—',
    r.pass === undefined ? 'info' : r.pass ? 'pass' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [`\n${title}`, fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

// ---- profiles -------------------------------------------------------------------------------------------------

export interface ProfileEntry {
  fn: string;
  where: string;
  selfMs: number;
  percent: number;
  /** Minified bundles: the code at the sampled position, to tell functions apart. */
  code?: string;
}

/** Self time per script (extension bundles, daily-js, the page, V8/Blink internals). */
export interface ProfileByScript {
  script: string;
  selfMs: number;
  percent: number;
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** Where a script lives, shortened (our bundles by path, daily-js by name, extension ids dropped). */
function shortUrl(url: string): string {
  if (!url) return '';
  return url.replace(/^chrome-extension:\/\/[a-p]{32}\//, 'ext:').replace(/^https?:\/\/127\.0\.0\.1:\d+\//, '');
}

/** The source text at a profile position for our built bundles (minified: names alone say little). */
function codeAt(url: string, line: number, column: number): string | undefined {
  const m = /^chrome-extension:\/\/[a-p]{32}\/(.+)$/.exec(url);
  if (!m) return undefined;
  try {
    const text = fs.readFileSync(path.join(ROOT, 'dist-test', m[1] as string), 'utf8').split('\n')[line] ?? '';
    return text.slice(Math.max(0, column), column + 80);
  } catch {
    return undefined;
  }
}

/**
 * Samples the page's main thread (all worlds: page, hook, relay) with the V8 CPU profiler while `run` runs, and
 * returns self time per function, largest first. `(program)`/`(idle)` and `(garbage collector)` stay visible.
 */
export async function profile(
  page: Page,
  run: () => Promise<unknown>,
  top = 15,
  /** Also writes the raw profile to bench-results/<saveAs>.cpuprofile (for bench/profile-summary.mjs, DevTools). */
  saveAs?: string,
): Promise<{
  entries: ProfileEntry[];
  byScript: ProfileByScript[];
  totalMs: number;
  wallMs: number;
  busyPercent: number;
}> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await run();
  const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.detach().catch(() => {});
  if (saveAs) {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, `${saveAs}.cpuprofile`), JSON.stringify(p));
  }
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { fn: string; where: string; us: number; url: string; line: number; column: number }>();
  const perScript = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i] as number);
    // Each sample's time is the delta to the next one.
    const us = (deltas[i + 1] ?? 0) as number;
    if (!node) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const fn = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}:${columnNumber + 1}` : '';
    const key = `${fn}@${where}`;
    const entry = self.get(key) ?? { fn, where, us: 0, url, line: lineNumber, column: columnNumber };
    entry.us += us;
    self.set(key, entry);
    const script = url ? (shortUrl(url).split('?')[0] as string) : fn.startsWith('(') ? fn : '(native/builtin)';
    perScript.set(script, (perScript.get(script) ?? 0) + us);
    total += us;
  }
  const pct = (us: number) => round((100 * us) / Math.max(1, total), 1);
  const entries = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => {
      const code = codeAt(e.url, e.line, e.column);
      return { fn: e.fn, where: e.where, selfMs: round(e.us / 1000, 2), percent: pct(e.us), ...(code ? { code } : {}) };
    });
  const byScript = [...perScript.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([script, us]) => ({ script, selfMs: round(us / 1000, 2), percent: pct(us) }));
  // busyPercent: how much of the profiled wall time the thread was not idle (near 100 %: this thread is the bottleneck).
  return {
    entries,
    byScript,
    totalMs: round(total / 1000, 1),
    wallMs: round((total + idle) / 1000, 1),
    busyPercent: round((100 * total) / Math.max(1, total + idle), 1),
  };
}

// ---- main-thread accounting -------------------------------------------------------------------------------------

export interface ThreadCost {
  /** All tasks on the main thread, ms. */
  taskMs: number;
  scriptMs: number;
  /** Style recalculation and layout (including forced, synchronous layouts from script), ms. */
  styleMs: number;
  layoutMs: number;
  layoutCount: number;
  /** CPU time of the main thread, ms (excludes time the thread was descheduled). */
  cpuMs: number;
}

/**
 * Reads Chromium's per-page main-thread counters (CDP Performance.getMetrics) around `run`, to split a slow frame
 * into script, style and layout without the overhead of a profiler.
 */
export async function threadCost<T>(page: Page, run: () => Promise<T>): Promise<{ result: T; cost: ThreadCost }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return new Map(metrics.map((m) => [m.name, m.value]));
  };
  const before = await read();
  const result = await run();
  const after = await read();
  await cdp.send('Performance.disable').catch(() => {});
  await cdp.detach().catch(() => {});
  const d = (name: string, scale = 1000) => round(((after.get(name) ?? NaN) - (before.get(name) ?? NaN)) * scale, 1);
  return {
    result,
    cost: {
      taskMs: d('TaskDuration'),
      scriptMs: d('ScriptDuration'),
      styleMs: d('RecalcStyleDuration'),
      layoutMs: d('LayoutDuration'),
      layoutCount: d('LayoutCount', 1),
      cpuMs: d('ThreadTime'),
    },
  };
}

/** "task 120 ms = script 70 + style 10 + layout 30 (45 layouts) + other 10", per `per` units when given. */
export function describeCost(cost: ThreadCost, per = 1, unit = ''): string {
  const f = (x: number) => round(x / per, 2);
  const other = cost.taskMs - cost.scriptMs - cost.styleMs - cost.layoutMs;
  return `main thread${unit ? ` per ${unit}` : ''}: task ${f(cost.taskMs)} ms = script ${f(cost.scriptMs)} + style ${f(cost.styleMs)} + layout ${f(cost.layoutMs)} (${f(cost.layoutCount)} layouts) + other ${f(other)}`;
}

export interface ComparisonEnv {
  server: TestServer;
  /** Chromium with our built extension. */
  ext: ExtensionSession;
  /** Chromium with the bare baseline extension (the ceiling). */
  base: BaselineSession;
  results: Results;
}

/** One server plus both browsers for a bench file that compares us with the baseline; writes its results at the end. */
export function useComparisonEnv(name: string): ComparisonEnv {
  const env = { results: new Results(name) } as ComparisonEnv;
  beforeAll(async () => {
    env.server = await startServer();
    [env.ext, env.base] = await Promise.all([launchWithExtension(), launchBaseline()]);
  });
  afterAll(async () => {
    env.results.write();
    await env.ext?.close();
    await env.base?.close();
    await env.server?.close();
  });
  return env;
}
