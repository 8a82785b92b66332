/**
 * Benchmark 5, memory under an app-message flood (issue 12, "memory bounded by bytes"): the page receives 10,000
 * app-messages of ~1 MB each through the real daily-js, and the page's JS heap (after forced GC) is compared in one
 * run across three configurations, each in a fresh browser:
 *  (a) plain Chromium, no extension (the baseline);
 *  (b) the extension, DevTools closed: the hook and the relay buffer for a panel that may open later;
 *  (c) the extension with the panel connected (standalone panel in its own window, streaming live).
 * Goal: (b) and (c) ≤ the relay's byte budget + 30 MB above (a), the tab survives, and every record the extension
 * let go is counted where the user sees it (the panel toolbar's "dropped"). In (b) the panel is opened after the
 * flood to read the counts. A loss that is not counted fails the test; a crashed or runaway tab is a reported miss.
 * Each configuration floods for at most a few minutes (see the time caps below); BENCHMARKS.md has the details.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import {
  launchPlain,
  launchWithExtension,
  openBenchPage,
  openPanelWindow,
  Results,
  round,
  startServer,
  waitForPanelReady,
  type BenchWindow,
  type PanelGlobal,
  type TestServer,
} from './support';
import { DEFAULT_SETTINGS } from '../../src/bridge/settings';

/** BENCH_MEMORY_MESSAGES overrides the message count (only for trying the benchmark out; the goal is for 10,000). */
const MESSAGES = Number(process.env.BENCH_MEMORY_MESSAGES ?? 10_000);
/**
 * JSON text of each app-message: just under the capture's 1,000,000-character record limit, so no record is cut and
 * the byte budget, not truncation, has to keep memory bounded (the worst case for the budget). ASCII: 1 byte per
 * character in V8.
 */
const MESSAGE_JSON_CHARS = 999_000;
/** Messages in flight per step (posted, then awaited until daily-js delivered them all): 50 MB of clones at most. */
const STEP = 50;
/**
 * A flood stops early once the page's (or in (c) the panel's) heap after GC passes this: far beyond any goal, so the
 * outcome is already a miss, and it keeps a runaway tab from taking 4 GB of a shared machine before it crashes.
 * BENCH_MEMORY_ABORT_MB=0 disables it (to see where the tab crashes).
 */
const ABORT_MB = Number(process.env.BENCH_MEMORY_ABORT_MB ?? 1024);
/**
 * Time caps per configuration (BENCH_MEMORY_BASELINE_SECONDS, BENCH_MEMORY_SECONDS, BENCH_MEMORY_PANEL_SECONDS); a
 * capped configuration is judged on what it sent, provided that is several budgets' worth (MIN_JUDGED_FACTOR × goal).
 * - The page alone moves 45–150 messages of 1 MB per second here (two structured clones each): 10,000 take 1–4
 *   minutes and retain nothing, so the baseline floods for 45 s (its heap after GC does not depend on the count).
 * - DevTools closed: 20–70 per second (the hook serialises each, the relay decodes it): 2.5–8 minutes for 10,000 on
 *   this shared machine, so 3 minutes (3,600 to 10,000 messages, many times any budget).
 * - Panel connected: every record also crosses the relay's extension port, 2–5 of them per second on this machine
 *   (~100 ms of the page's main thread per 1 MB in port.postMessage): 10,000 would take an hour, so 3 minutes.
 */
const BASELINE_FLOOD_SECONDS = Number(process.env.BENCH_MEMORY_BASELINE_SECONDS ?? 45);
const FLOOD_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 180);
const PANEL_FLOOD_SECONDS = Number(process.env.BENCH_MEMORY_PANEL_SECONDS ?? 180);
const MIN_JUDGED_FACTOR = 3;
const SLACK_MB = 30;
/**
 * Self-check of the loss accounting: BENCH_MEMORY_PHANTOM=n claims n more messages than were sent, which no count can
 * explain, so the run must fail with "records lost without being counted" (see BENCHMARKS.md).
 */
const PHANTOM = Number(process.env.BENCH_MEMORY_PHANTOM ?? 0);
/**
 * BENCH_MEMORY_BUFFER_CAP=n sets the relay's record bound (settings.bufferCap) before the page opens: a bound that is
 * hit today, to see the eviction counts flow through to the panel's toolbar (see BENCHMARKS.md).
 */
const BUFFER_CAP = Number(process.env.BENCH_MEMORY_BUFFER_CAP ?? 0);
const MB = 2 ** 20;
const label = (n: number) => n.toLocaleString('en-US');

/**
 * The relay's per-document byte budget, from the extension's default settings: the first numeric setting whose name
 * says bytes (`…Bytes`, in bytes) or megabytes (`…MB`). BENCH_MEMORY_BUDGET_MB overrides. None today: the goal is
 * then the 30 MB slack alone.
 */
function byteBudget(): { mb: number; source: string } {
  if (process.env.BENCH_MEMORY_BUDGET_MB)
    return { mb: Number(process.env.BENCH_MEMORY_BUDGET_MB), source: 'BENCH_MEMORY_BUDGET_MB' };
  for (const [key, value] of Object.entries(DEFAULT_SETTINGS as unknown as Record<string, unknown>)) {
    if (typeof value !== 'number') continue;
    if (/bytes?$/i.test(key)) return { mb: value / MB, source: `DEFAULT_SETTINGS.${key}` };
    if (/mb$/i.test(key)) return { mb: value, source: `DEFAULT_SETTINGS.${key}` };
  }
  return { mb: 0, source: 'no byte budget in DEFAULT_SETTINGS (src/bridge/settings.ts)' };
}

const budget = byteBudget();
const GOAL_MB = budget.mb + SLACK_MB;

let server: TestServer | undefined;
const results = new Results('memory');

afterAll(async () => {
  results.write();
  await server?.close();
});

// ---- a page that can crash ---------------------------------------------------------------------------------------

class TabGone extends Error {}

/** Races everything done with a page against its crash and a timeout, so a dead or stuck tab ends the run. */
function watchTab(page: Page, label: string) {
  let crashed = false;
  let closed = false;
  let rejectGone: (e: Error) => void = () => {};
  const gone = new Promise<never>((_, reject) => (rejectGone = reject));
  gone.catch(() => {});
  page.once('crash', () => {
    crashed = true;
    rejectGone(new TabGone(`${label} crashed`));
  });
  page.once('close', () => {
    closed = true;
    rejectGone(new TabGone(`${label} closed`));
  });
  return {
    get crashed() {
      return crashed;
    },
    get gone() {
      return crashed || closed;
    },
    guard<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TabGone(`${label}: ${what} took over ${ms / 1000} s`)), ms);
      });
      return Promise.race([work, gone, timeout]).finally(() => clearTimeout(timer));
    },
  };
}
type Tab = ReturnType<typeof watchTab>;

async function heapMB(cdp: CDPSession, collect: boolean): Promise<number> {
  if (collect) {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
  }
  // The whole isolate: the page's world and the extension's ISOLATED world (the relay) share it.
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usage.usedSize / MB;
}

// ---- process memory (Linux /proc; informational) ----------------------------------------------------------------

interface ProcessMemory {
  /** Renderers of web pages (the flooded tab; plus Chromium's spare renderer, in every configuration). */
  webMB: number;
  /** Extension renderers: the panel page and the service worker. */
  extensionMB: number;
}

/** Proportional set size of each renderer of `browser`, from SystemInfo.getProcessInfo pids and /proc. */
async function processMemory(browser: Browser | null): Promise<ProcessMemory | undefined> {
  if (!browser || process.platform !== 'linux') return undefined;
  try {
    const cdp = await browser.newBrowserCDPSession();
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    await cdp.detach().catch(() => {});
    const sum = { webMB: 0, extensionMB: 0 };
    for (const p of info.processInfo) {
      if (p.type !== 'renderer') continue;
      let cmdline: string;
      let rollup: string;
      try {
        cmdline = fs.readFileSync(`/proc/${p.id}/cmdline`, 'utf8');
        rollup = fs.readFileSync(`/proc/${p.id}/smaps_rollup`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      const pssKB = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? NaN);
      if (!Number.isFinite(pssKB)) continue;
      if (cmdline.includes('--extension-process')) sum.extensionMB += pssKB / 1024;
      else sum.webMB += pssKB / 1024;
    }
    return { webMB: round(sum.webMB, 1), extensionMB: round(sum.extensionMB, 1) };
  } catch {
    return undefined; // CDP domain unavailable: reported as not measured
  }
}

// ---- the flood --------------------------------------------------------------------------------------------------

interface FloodWindow extends BenchWindow {
  __memFlood?: { send(from: number, count: number): Promise<number> };
}

/**
 * Installs the flood in the page: one ~1 MB string built once, sent with a varying prefix (`#seq `), so each
 * message is distinct but the page itself holds one copy. Every message goes through the fake call machine's
 * postMessage into daily-js's real receive path; `send` resolves when daily-js has delivered all of a step to the
 * page's handler and a task has passed (the hook's microtask flush and the relay's handling are done by then).
 */
async function installFlood(page: Page): Promise<void> {
  await page.evaluate((jsonChars) => {
    const w = window as unknown as FloodWindow & {
      __fakeMachine: { emit(data: unknown): void };
    };
    const template = (seq: number, speech: string) => ({
      bench_seq: seq,
      message_type: 'conversation',
      event_type: 'conversation.utterance',
      conversation_id: 'c-memory-flood',
      inference_id: `inf-${seq}`,
      seq,
      turn_idx: seq,
      timestamp: Date.now() / 1000,
      properties: { role: 'replica', speech },
    });
    const overhead = JSON.stringify(template(1_000_000, '#1000000 ')).length;
    const sentence = 'That plan includes free shipping, a longer warranty and priority support. ';
    const big = sentence.repeat(Math.ceil(jsonChars / sentence.length)).slice(0, jsonChars - overhead);
    w.__memFlood = {
      async send(from, count) {
        const target = w.__bench.received() + count;
        for (let seq = from; seq < from + count; seq++) w.__fakeMachine.emit(template(seq, `#${seq} ${big}`));
        const started = performance.now();
        while (w.__bench.received() < target) {
          if (performance.now() - started > 60_000) throw new Error(`daily-js delivered ${w.__bench.received()}`);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
        return w.__bench.received();
      },
    };
  }, MESSAGE_JSON_CHARS);
}

interface FloodOutcome {
  sent: number;
  seconds: number;
  /** Why the flood ended before MESSAGES, if it did. */
  stopped?: string;
  /**
   * What ended it early: its time cap, or the panel's heap passing the abort line (the page was fine and is judged
   * on what it took), or the page itself (abort line, crash, timeout).
   */
  stoppedBy?: 'time' | 'panel' | 'page';
  /** Highest heap seen between steps, without forcing GC (garbage included). */
  peakPageMB: number;
  peakPanelMB?: number;
}

async function flood(
  page: Page,
  tab: Tab,
  pageCdp: CDPSession,
  capSeconds: number,
  panel?: { page: Page; tab: Tab; cdp: CDPSession },
): Promise<FloodOutcome> {
  const started = Date.now();
  const deadline = started + capSeconds * 1000;
  let sent = 0;
  let peakPageMB = 0;
  let peakPanelMB: number | undefined;
  /** Over the abort line without GC: collect and look again before giving up. */
  const overLimit = async (cdp: CDPSession, t: Tab, raw: number) =>
    ABORT_MB > 0 && raw > ABORT_MB && (await t.guard(heapMB(cdp, true), 60_000, 'GC')) > ABORT_MB;
  try {
    while (sent < MESSAGES) {
      if (Date.now() > deadline)
        return {
          sent,
          seconds: (Date.now() - started) / 1000,
          peakPageMB,
          ...(panel ? { peakPanelMB } : {}),
          stopped: `${capSeconds} s time cap`,
          stoppedBy: 'time',
        };
      const count = Math.min(STEP, MESSAGES - sent);
      await tab.guard(
        page.evaluate(({ from, n }) => (window as unknown as FloodWindow).__memFlood!.send(from, n), {
          from: sent + 1,
          n: count,
        }),
        90_000,
        `delivering messages ${sent + 1}–${sent + count}`,
      );
      sent += count;
      const pageMB = await tab.guard(heapMB(pageCdp, false), 30_000, 'reading the heap');
      peakPageMB = Math.max(peakPageMB, pageMB);
      if (await overLimit(pageCdp, tab, pageMB))
        return {
          sent,
          seconds: (Date.now() - started) / 1000,
          peakPageMB,
          stopped: `page heap over ${ABORT_MB} MB`,
          stoppedBy: 'page',
        };
      if (panel) {
        const panelMB = await panel.tab.guard(heapMB(panel.cdp, false), 30_000, 'reading the panel heap');
        peakPanelMB = Math.max(peakPanelMB ?? 0, panelMB);
        if (await overLimit(panel.cdp, panel.tab, panelMB))
          return {
            sent,
            seconds: (Date.now() - started) / 1000,
            peakPageMB,
            peakPanelMB,
            stopped: `panel heap over ${ABORT_MB} MB`,
            stoppedBy: 'panel',
          };
      }
    }
    return { sent, seconds: (Date.now() - started) / 1000, peakPageMB, ...(panel ? { peakPanelMB } : {}) };
  } catch (error) {
    const reason = error instanceof TabGone ? error.message : `error: ${(error as Error).message.split('\n')[0]}`;
    // A panel that crashed or hung ends the flood too, but the page is still judged on what it took.
    const by = panel?.tab.gone && !tab.gone ? 'panel' : 'page';
    return { sent, seconds: (Date.now() - started) / 1000, peakPageMB, stopped: reason, stoppedBy: by };
  }
}

// ---- what the extension says it let go --------------------------------------------------------------------------

interface Accounting {
  /** Flood messages (seq 1…sent) present in the panel's log. */
  received: number;
  /** Flood messages sent but not in the panel's log. */
  lost: number;
  /** Received but flagged truncated (kept, cut: not a loss). */
  truncated: number;
  /** Drops the toolbar shows ("N dropped"), and the store figures behind it. */
  shownDropped: number;
  evictedByLogCap: number;
  missedByRelay: number;
  skippedWhilePaused: number;
  /** Any other loss figures the panel exposes per frame or in its stats (byte counts, hook drops), by name. */
  otherCounts: Record<string, number>;
  /** Every loss counted: lost ≤ shown dropped. */
  counted: boolean;
  settled: boolean;
}

async function readAccounting(panel: Page, sent: number): Promise<Omit<Accounting, 'settled'>> {
  return panel.evaluate((count) => {
    const p = (globalThis as unknown as PanelGlobal).__cviPanel as unknown as {
      inputs(): { record: { kind: string; json: string; truncated?: boolean } }[];
      frames(): Record<string, unknown>[];
      stats(): Record<string, unknown>;
      store: { missedByRelay: { value: number }; skippedWhilePaused: { value: number } };
    };
    const seen = new Uint8Array(count + 1);
    let received = 0;
    let truncated = 0;
    for (const { record } of p.inputs()) {
      if (record.kind !== 'app-message') continue;
      const seq = Number(/^\{"bench_seq":(\d+),/.exec(record.json.slice(0, 40))?.[1] ?? NaN);
      if (!(seq >= 1 && seq <= count) || seen[seq]) continue;
      seen[seq] = 1;
      received++;
      if (record.truncated) truncated++;
    }
    const stats = p.stats();
    const evictedByLogCap = typeof stats.evictedByCap === 'number' ? stats.evictedByCap : 0;
    const missedByRelay = p.store.missedByRelay.value;
    const skippedWhilePaused = p.store.skippedWhilePaused.value;
    // What the user sees: "· N dropped" in the toolbar's counts, "· N ✕" (titled) when the toolbar is compact;
    // absent when nothing was dropped.
    const droppedText = document.querySelector('[data-testid=counts] [data-testid=dropped]')?.textContent ?? '';
    const shown = /([\d,]+)/.exec(droppedText)?.[1];
    const shownDropped = shown ? Number(shown.replace(/,/g, '')) : 0;
    // Loss figures a newer capture side may add (bytes evicted, hook drops): report them by name, whatever they are.
    const otherCounts: Record<string, number> = {};
    const known = new Set(['missed', 'cursor', 'head', 'frameId', 'evictedByCap']);
    const note = (prefix: string, source: Record<string, unknown>) => {
      for (const [key, value] of Object.entries(source))
        if (typeof value === 'number' && !known.has(key) && /drop|evict|lost|miss|byte|trunc/i.test(key))
          otherCounts[`${prefix}${key}`] = (otherCounts[`${prefix}${key}`] ?? 0) + value;
    };
    for (const frame of p.frames()) note('frame.', frame);
    note('stats.', stats);
    const lost = count - received;
    return {
      received,
      lost,
      truncated,
      shownDropped,
      evictedByLogCap,
      missedByRelay,
      skippedWhilePaused,
      otherCounts,
      counted: lost <= shownDropped,
    };
  }, sent);
}

/** Polls the panel until every sent message is in its log or counted as dropped, or nothing changes for 5 s. */
async function settleAccounting(panel: Page, tab: Tab, sent: number, timeoutMs = 120_000): Promise<Accounting> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let lastChange = Date.now();
  for (;;) {
    const a = await tab.guard(readAccounting(panel, sent + PHANTOM), 60_000, 'reading the counts');
    if (a.received + a.shownDropped >= sent + PHANTOM) return { ...a, settled: true };
    const key = `${a.received}/${a.shownDropped}`;
    if (key !== last) {
      last = key;
      lastChange = Date.now();
    }
    if (Date.now() - lastChange > 5_000 || Date.now() > deadline) return { ...a, settled: false };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ---- one configuration ------------------------------------------------------------------------------------------

type ConfigName = 'baseline' | 'devtools-closed' | 'panel-connected';

interface ConfigResult {
  name: ConfigName;
  flood: FloodOutcome;
  survived: boolean;
  crashed: boolean;
  /** Page heap after forced GC, before and after the flood. */
  pageBeforeMB?: number;
  pageAfterMB?: number;
  panelAfterMB?: number;
  panelCrashed?: boolean;
  processes?: ProcessMemory;
  accounting?: Accounting;
  accountingError?: string;
  /** Not read on purpose (the page kept too much to sync into a panel in the time). */
  accountingSkipped?: boolean;
}

async function runConfig(name: ConfigName): Promise<ConfigResult> {
  const origin = server!.origin;
  const plain = name === 'baseline' ? await launchPlain() : undefined;
  const ext = name === 'baseline' ? undefined : await launchWithExtension();
  const context = plain?.context ?? ext!.context;
  try {
    if (ext && BUFFER_CAP > 0) {
      const worker = await ext.serviceWorker();
      await worker.evaluate(
        (bufferCap) => chrome.storage.local.set({ settings: { bufferCap, logCap: 100_000 } }),
        BUFFER_CAP,
      );
    }
    const page = await openBenchPage(context, origin);
    const tab = watchTab(page, 'the flooded tab');
    const pageCdp = await context.newCDPSession(page);
    let panel: { page: Page; tab: Tab; cdp: CDPSession } | undefined;
    if (name === 'panel-connected') {
      const panelPage = await openPanelWindow(ext!, page);
      await waitForPanelReady(panelPage);
      panel = { page: panelPage, tab: watchTab(panelPage, 'the panel'), cdp: await context.newCDPSession(panelPage) };
      await page.bringToFront();
    }
    await installFlood(page);
    const result: ConfigResult = {
      name,
      flood: { sent: 0, seconds: 0, peakPageMB: 0 },
      survived: false,
      crashed: false,
    };
    result.pageBeforeMB = round(await tab.guard(heapMB(pageCdp, true), 60_000, 'GC'), 1);
    const cap = {
      baseline: BASELINE_FLOOD_SECONDS,
      'devtools-closed': FLOOD_SECONDS,
      'panel-connected': PANEL_FLOOD_SECONDS,
    };
    result.flood = await flood(page, tab, pageCdp, cap[name], panel);

    // The panel drains what the relay streamed before anything is measured (its heap is part of (c)).
    if (panel && !panel.tab.gone && !tab.gone)
      result.accounting = await settleAccounting(panel.page, panel.tab, result.flood.sent).catch((e: Error) => {
        result.accountingError = e.message;
        return undefined;
      });
    if (!tab.gone) {
      result.pageAfterMB = await tab
        .guard(heapMB(pageCdp, true), 60_000, 'GC after the flood')
        .then((mb) => round(mb, 1))
        .catch(() => undefined);
    }
    if (panel && !panel.tab.gone)
      result.panelAfterMB = await panel.tab
        .guard(heapMB(panel.cdp, true), 60_000, 'GC in the panel')
        .then((mb) => round(mb, 1))
        .catch(() => undefined);
    result.processes = await processMemory(plain?.browser ?? ext!.context.browser());
    result.crashed = tab.crashed;
    result.survived = !tab.gone && result.pageAfterMB !== undefined;
    if (panel) result.panelCrashed = panel.tab.crashed;

    // DevTools closed: open the panel now and let it sync what the relay kept, to read what was let go. Only when
    // the page kept a few budgets' worth: syncing the ~1 GB an unbounded relay holds would take minutes here.
    const kept = (result.pageAfterMB ?? Infinity) - (result.pageBeforeMB ?? 0);
    if (name === 'devtools-closed' && result.survived && kept > Math.max(MIN_JUDGED_FACTOR * GOAL_MB, 150)) {
      result.accountingSkipped = true;
      result.accountingError = `page kept ${label(round(kept, 0))} MB, too much to sync`;
    } else if (name === 'devtools-closed' && result.survived) {
      try {
        const panelPage = await openPanelWindow(ext!, page);
        const panelTab = watchTab(panelPage, 'the panel opened after the flood');
        await panelTab.guard(waitForPanelReady(panelPage), 60_000, 'the panel connecting');
        result.accounting = await settleAccounting(panelPage, panelTab, result.flood.sent);
      } catch (e) {
        result.accountingError = (e as Error).message.split('\n')[0];
      }
    }
    return result;
  } finally {
    await plain?.close();
    await ext?.close();
  }
}

// ---- the run ----------------------------------------------------------------------------------------------------

function survivalText(r: ConfigResult): string {
  if (r.crashed) return `crashed after ${label(r.flood.sent)}`;
  if (!r.survived) return `lost (${r.flood.stopped ?? 'no heap reading'}) after ${label(r.flood.sent)}`;
  if (r.flood.stoppedBy === 'time' || r.flood.stoppedBy === 'panel')
    return `survived ${label(r.flood.sent)} (${r.flood.stopped})`;
  if (r.flood.stopped) return `stopped at ${label(r.flood.sent)}: ${r.flood.stopped}`;
  return `survived ${label(r.flood.sent)}`;
}

/** Alive, and either the whole flood or one cut by time or by the panel that sent several budgets' worth. */
function judged(r: ConfigResult): boolean {
  if (!r.survived || r.crashed) return false;
  if (!r.flood.stopped) return r.flood.sent === MESSAGES;
  return r.flood.stoppedBy !== 'page' && r.flood.sent * (MESSAGE_JSON_CHARS / MB) >= MIN_JUDGED_FACTOR * GOAL_MB;
}

describe('memory under an app-message flood', () => {
  it(`${label(MESSAGES)} × ~1 MB app-messages: page heap without the extension, DevTools closed, panel connected`, async () => {
    server = await startServer();
    const configs: Record<ConfigName, ConfigResult> = {} as Record<ConfigName, ConfigResult>;
    for (const name of ['baseline', 'devtools-closed', 'panel-connected'] as const) {
      configs[name] = await runConfig(name);
      const c = configs[name];
      console.log(
        `memory: ${name}: ${survivalText(c)} in ${round(c.flood.seconds, 1)} s (${round(c.flood.sent / Math.max(c.flood.seconds, 0.001), 0)} msg/s); heap ${c.pageBeforeMB} → ${c.pageAfterMB ?? '—'} MB after GC, peak ${round(c.flood.peakPageMB, 0)} MB${c.panelAfterMB !== undefined ? `; panel ${c.panelAfterMB} MB` : ''}`,
      );
    }
    results.details.configs = configs;
    results.details.setup = {
      messages: MESSAGES,
      messageJsonChars: MESSAGE_JSON_CHARS,
      step: STEP,
      abortMB: ABORT_MB,
      baselineFloodSeconds: BASELINE_FLOOD_SECONDS,
      floodSeconds: FLOOD_SECONDS,
      panelFloodSeconds: PANEL_FLOOD_SECONDS,
      budget,
      goalMB: GOAL_MB,
    };

    const base = configs.baseline;
    const goalText = `≤ ${round(GOAL_MB, 0)} MB (budget ${round(budget.mb, 0)} + ${SLACK_MB})`;
    if (!judged(base))
      results.add({
        group: 'memory',
        metric: `baseline page did not take the flood (${survivalText(base)})`,
        value: 'invalid run',
        unit: '',
        pass: false,
      });

    const uncounted: string[] = [];
    for (const [name, title] of [
      ['devtools-closed', 'DevTools closed'],
      ['panel-connected', 'panel connected'],
    ] as const) {
      const r = configs[name];
      const above =
        r.pageAfterMB !== undefined && base.pageAfterMB !== undefined ? r.pageAfterMB - base.pageAfterMB : undefined;
      results.add({
        group: 'memory',
        metric: `page JS heap after GC, above the baseline, ${title}`,
        value: above === undefined ? survivalText(r) : round(above, 1),
        unit: 'MB',
        baseline: base.pageAfterMB,
        target: goalText,
        pass: above !== undefined && judged(r) && above <= GOAL_MB,
        note: `${survivalText(r)}${judged(r) ? '' : ' (not enough of the flood to judge)'}; after GC ${r.pageAfterMB ?? '—'} MB vs ${base.pageAfterMB ?? '—'} MB without the extension; peak without GC ${round(r.flood.peakPageMB, 0)} vs ${round(base.flood.peakPageMB, 0)} MB; ${round(r.flood.seconds, 1)} s; budget from ${budget.source}`,
      });
      results.add({
        group: 'memory',
        metric: `tab survives the flood of ~1 MB app-messages, ${title}`,
        value: survivalText(r),
        unit: '',
        baseline: survivalText(base),
        target:
          name === 'panel-connected'
            ? `no crash (≤ ${PANEL_FLOOD_SECONDS} s of it)`
            : `no crash, ${label(MESSAGES)} (≤ ${FLOOD_SECONDS} s)`,
        pass: judged(r),
        note: `${round(r.flood.sent / Math.max(r.flood.seconds, 0.001), 1)} messages/s (baseline ${round(base.flood.sent / Math.max(base.flood.seconds, 0.001), 1)})`,
      });
      const a = r.accounting;
      let value: string;
      let pass: boolean;
      if (a) {
        value = `lost ${label(a.lost)}, shown dropped ${label(a.shownDropped)}${a.truncated ? `, ${label(a.truncated)} kept truncated` : ''}`;
        pass = a.counted;
        if (!a.counted)
          uncounted.push(
            `${title}: ${label(a.lost)} of ${label(r.flood.sent)} messages are not in the panel but the toolbar shows ${label(a.shownDropped)} dropped (relay ${a.missedByRelay}, log cap ${a.evictedByLogCap}, paused ${a.skippedWhilePaused})`,
          );
      } else {
        value = `not checked (${r.accountingError ?? survivalText(r)})`;
        pass = false;
        // The tab is alive and kept little, yet the counts could not be read: that hides losses as well as a miss.
        if (r.survived && !r.accountingSkipped)
          uncounted.push(`${title}: the counts could not be read (${r.accountingError ?? 'no panel'})`);
      }
      results.add({
        group: 'memory',
        metric: `every loss counted (panel toolbar "dropped"), ${title}`,
        value,
        unit: '',
        baseline: '—',
        target: 'lost ≤ dropped',
        pass,
        ...(a
          ? {
              note: `of ${label(r.flood.sent)} sent: ${label(a.received)} in the panel (${a.truncated} truncated); dropped: relay ${a.missedByRelay}, panel log cap ${a.evictedByLogCap}, paused ${a.skippedWhilePaused}; other counts ${JSON.stringify(a.otherCounts)}${a.settled ? '' : '; the panel had not settled'}`,
            }
          : {}),
      });
    }
    const open = configs['panel-connected'];
    results.add({
      group: 'memory',
      metric: 'panel JS heap after GC, panel connected',
      value: open.panelCrashed ? 'panel crashed' : (open.panelAfterMB ?? '—'),
      unit: 'MB',
      baseline: '—',
      // Not part of issue 12's goal (the page's heap), but a panel that grows without bound ends the flood.
      target: ABORT_MB > 0 ? `no crash, < ${ABORT_MB} MB` : 'no crash',
      pass: !open.panelCrashed && open.flood.stoppedBy !== 'panel' && open.panelAfterMB !== undefined,
      note: `${open.flood.stoppedBy === 'panel' ? `stopped the flood at ${label(open.flood.sent)}; ` : ''}peak without GC ${round(open.flood.peakPanelMB ?? NaN, 0)} MB; the panel's log is bounded by count (settings.logCap), not bytes`,
    });
    for (const name of ['devtools-closed', 'panel-connected'] as const) {
      const r = configs[name];
      if (!r.processes || !base.processes) continue;
      results.add({
        group: 'memory',
        metric: `renderer memory (PSS), web page / extension processes, ${name === 'devtools-closed' ? 'DevTools closed' : 'panel connected'} (info)`,
        value: `${round(r.processes.webMB, 0)} / ${round(r.processes.extensionMB, 0)} MB`,
        unit: '',
        baseline: `${round(base.processes.webMB, 0)} MB web`,
      });
    }
    // Misses (heap, crash) are reported in the table; a loss that nobody counted is a defect the run must not hide.
    expect(uncounted, 'records lost without being counted').toEqual([]);
  }, 1_800_000);
});
