import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { formatCount, truncationPoint } from './format';
import { childRanges, jpegDataUrl, summarizeBase64, type IndexRange } from './payload';
import { ContextMenu, type ContextMenuItem } from './ContextMenu';

/*
 * The Console's object viewer for a parsed JSON value. Everything from the page is rendered as text nodes;
 * the only non-text output is an <img> for strictly validated base64 JPEG data.
 *
 * Lazy: a node's children exist only while it is expanded, so huge or deeply nested values cost nothing until
 * opened. Alt+click (or right click → Expand recursively) opens a whole subtree, within a line budget.
 */

export interface JsonTreeProps {
  /** A value from JSON.parse (anything else is shown via String()). */
  value: unknown;
  /** Label for the root line, e.g. "data". */
  rootName?: string;
  /** How many levels start expanded. Default 1 (the root is open). */
  initialExpandDepth?: number;
  /** Adds "Copy value" (as JSON) to the right-click menu; the owner decides how to reach the clipboard. */
  onCopy?: (text: string) => void;
  /** Most lines one "expand recursively" may add. Default EXPAND_ALL_LINE_BUDGET. */
  expandAllLineBudget?: number;
  /** Makes a primitive value a link (e.g. an id that selects a related row); undefined leaves it plain. */
  linkFor?: (key: string, value: unknown) => JsonTreeLink | undefined;
  /**
   * Keys whose string value, when it is a JSON object or array, is shown as a tree (a tool call's `arguments`
   * arrive as a JSON string); the raw string is one click away.
   */
  parseStringKeys?: readonly string[];
  class?: string;
}

export interface JsonTreeLink {
  /** Tooltip: what following the link does. */
  title: string;
  onActivate: () => void;
}

/** A JSON object or array parsed from a string value, or undefined (plain text, a number, invalid JSON). */
export function parseJsonContainer(text: string): Record<string, unknown> | unknown[] | undefined {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown> | unknown[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Strings longer than this are cut, with a click to show the rest. */
export const LONG_STRING_CHARS = 500;
/** Most lines one "expand recursively" may add, so a huge payload can't freeze the panel. */
export const EXPAND_ALL_LINE_BUDGET = 3000;
/** Deepest level "expand recursively" opens below the clicked node (rendering recursion stays shallow). */
export const EXPAND_ALL_MAX_DEPTH = 32;
const PREVIEW_MAX_CHARS = 100;
const PREVIEW_STRING_CHARS = 40;

type JsonContainer = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is JsonContainer {
  return typeof value === 'object' && value !== null;
}

/** Own enumerable data value, without running getters (JSON.parse output has none, but stay safe). */
function ownValue(container: JsonContainer, key: string): unknown {
  return Object.getOwnPropertyDescriptor(container, key)?.value;
}

const PLAIN_KEY = /^(?:[A-Za-z_$][\w$]*|\d+)$/;

/** A key as DevTools shows it: bare when it is an identifier or a number, otherwise quoted and escaped. */
export function displayKey(key: string): string {
  return PLAIN_KEY.test(key) ? key : JSON.stringify(key);
}

/** `"text"` with JSON escapes, so quotes, newlines and control characters are visible and harmless. */
export function quoteString(text: string): string {
  return JSON.stringify(text);
}

/** `'text'` as in DevTools previews (single quotes, JSON escapes otherwise). */
function singleQuote(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped}'`;
}

function primitivePreview(value: unknown): string {
  if (typeof value === 'string') {
    const cut = truncationPoint(value, PREVIEW_STRING_CHARS);
    return singleQuote(cut < value.length ? `${value.slice(0, cut)}…` : value);
  }
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (isContainer(value)) return '{…}';
  return String(value);
}

/**
 * One-line summary like the Console's: `{type: 'x', n: 1, data: {…}}`, `(3) [1, 'a', {…}]`, cut at about
 * `maxChars` with `…`. Only the first level is looked at, and iteration stops once the line is full.
 */
export function previewText(value: unknown, maxChars = PREVIEW_MAX_CHARS): string {
  if (!isContainer(value)) return primitivePreview(value);
  const parts: string[] = [];
  let used = 0;
  let truncated = false;
  const add = (part: string): boolean => {
    if (used + part.length > maxChars && parts.length > 0) {
      truncated = true;
      return false;
    }
    parts.push(part);
    used += part.length + 2;
    return true;
  };
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (!add(primitivePreview(value[index]))) break;
    }
    return `(${value.length}) [${parts.join(', ')}${truncated ? ', …' : ''}]`;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (!add(`${displayKey(key)}: ${primitivePreview(ownValue(value, key))}`)) break;
  }
  return `{${parts.join(', ')}${truncated ? ', …' : ''}}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Expansion state shared down a subtree opened with Alt+click.

interface ExpandAll {
  /** Lines still allowed. */
  remainingLines: number;
  /** Absolute depth below which nodes stay closed. */
  maxDepth: number;
}

function startExpandAll(depth: number, lineBudget: number): ExpandAll {
  return { remainingLines: lineBudget, maxDepth: depth + EXPAND_ALL_MAX_DEPTH };
}

/** Whether a node may open as part of an expand-all, charging its child lines to the budget. */
function claimExpansion(expandAll: ExpandAll | null, depth: number, childLines: number): boolean {
  if (!expandAll || depth > expandAll.maxDepth || expandAll.remainingLines < childLines) return false;
  expandAll.remainingLines -= childLines;
  return true;
}

/** Children of an expanded node: direct entries, or range groups when there are more than 100. */
function childLineCount(start: number, end: number): number {
  return childRanges(start, end)?.length ?? end - start;
}

interface NodeContext {
  depth: number;
  initialExpandDepth: number;
  expandAll: ExpandAll | null;
  expandAllLineBudget: number;
  onCopy: ((text: string) => void) | undefined;
  linkFor: JsonTreeProps['linkFor'];
  parseStringKeys: readonly string[];
}

/** Open/closed state of an expandable line, with Alt+click and the context menu for whole subtrees. */
function useExpansion(ctx: NodeContext, childLines: number) {
  const [state, setState] = useState<{ expanded: boolean; expandAll: ExpandAll | null }>(() => {
    if (claimExpansion(ctx.expandAll, ctx.depth, childLines)) return { expanded: true, expandAll: ctx.expandAll };
    return { expanded: ctx.depth < ctx.initialExpandDepth, expandAll: null };
  });
  const expand = (recursive: boolean): void => {
    if (!recursive) {
      setState({ expanded: true, expandAll: null });
      return;
    }
    const expandAll = startExpandAll(ctx.depth, ctx.expandAllLineBudget);
    expandAll.remainingLines -= childLines;
    setState({ expanded: true, expandAll });
  };
  const collapse = (): void => setState({ expanded: false, expandAll: null });
  return { ...state, expand, collapse };
}

const TREE_LINE_SELECTOR = '.jt-line[tabindex]';

/** Moves focus to the next/previous focusable line of the same tree (DOM order = visual order). */
function focusSiblingLine(from: HTMLElement, delta: 1 | -1): void {
  const tree = from.closest('.jt');
  if (!tree) return;
  const lines = Array.from(tree.querySelectorAll<HTMLElement>(TREE_LINE_SELECTOR));
  lines[lines.indexOf(from) + delta]?.focus();
}

interface ExpandableLineProps {
  ctx: NodeContext;
  expanded: boolean;
  expand: (recursive: boolean) => void;
  collapse: () => void;
  /** The value this line stands for, for "Copy value" (computed only when copying). */
  valueToCopy: () => unknown;
  children: ComponentChildren;
}

function ExpandableLine({ ctx, expanded, expand, collapse, valueToCopy, children }: ExpandableLineProps) {
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);

  const toggle = (recursive: boolean): void => {
    if (expanded && !recursive) collapse();
    else expand(recursive);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const line = event.currentTarget as HTMLElement;
    switch (event.key) {
      case 'ArrowRight':
        if (!expanded) expand(event.altKey);
        else focusSiblingLine(line, 1);
        break;
      case 'ArrowLeft':
        if (expanded) collapse();
        break;
      case 'ArrowDown':
        focusSiblingLine(line, 1);
        break;
      case 'ArrowUp':
        focusSiblingLine(line, -1);
        break;
      case 'Enter':
      case ' ':
        toggle(event.altKey);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const menuItems = (): ContextMenuItem[] => {
    const items: ContextMenuItem[] = [
      { kind: 'action', label: 'Expand recursively', onSelect: () => expand(true) },
      { kind: 'action', label: 'Collapse', disabled: !expanded, onSelect: collapse },
    ];
    const onCopy = ctx.onCopy;
    if (onCopy) {
      items.push({ kind: 'separator' });
      items.push({
        kind: 'action',
        label: 'Copy value',
        onSelect: () => {
          const value = valueToCopy();
          onCopy(JSON.stringify(value, null, 2) ?? String(value));
        },
      });
    }
    return items;
  };

  return (
    <>
      <div
        class="jt-line expandable"
        role="treeitem"
        aria-expanded={expanded ? 'true' : 'false'}
        aria-level={ctx.depth + 1}
        tabIndex={ctx.depth === 0 ? 0 : -1}
        onClick={(event) => {
          // Don't toggle when the user finishes selecting text on the line.
          if (window.getSelection?.()?.type === 'Range') return;
          toggle(event.altKey);
        }}
        onKeyDown={onKeyDown}
        onContextMenu={(event) => {
          event.preventDefault();
          event.stopPropagation();
          setMenu({ x: event.clientX, y: event.clientY });
        }}
      >
        <span class="jt-arrow" aria-hidden="true" />
        {children}
      </div>
      {menu && <ContextMenu x={menu.x} y={menu.y} items={menuItems()} onClose={() => setMenu(null)} />}
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Nodes

function NameLabel({ name }: { name: EntryName | null }) {
  if (name === null) return null;
  return (
    <>
      <span class={name.isIndex ? 'jt-key index' : 'jt-key'}>{name.isIndex ? name.text : displayKey(name.text)}</span>
      <span class="jt-meta">: </span>
    </>
  );
}

interface EntryName {
  text: string;
  /** Array index (shown dimmer, never quoted). */
  isIndex: boolean;
}

function StringValue({ text }: { text: string }) {
  const [showFull, setShowFull] = useState(false);
  const [showRaw, setShowRaw] = useState(false);
  const base64 = useMemo(() => summarizeBase64(text), [text]);
  const jpeg = useMemo(() => (base64?.format === 'jpeg' ? jpegDataUrl(text) : null), [base64, text]);

  if (base64 && !showRaw) {
    return (
      <>
        <span class="jt-base64" title={`${formatCount(text.length)} characters of base64`}>
          {base64.label}
        </span>
        <button type="button" class="jt-more" onClick={(event) => (event.stopPropagation(), setShowRaw(true))}>
          show text
        </button>
        {jpeg && <img class="jt-image" src={jpeg} alt={`JPEG preview, ${formatCount(base64.byteLength)} bytes`} />}
      </>
    );
  }

  const cut = truncationPoint(text, LONG_STRING_CHARS);
  if (showFull || cut === text.length) return <span class="jt-string">{quoteString(text)}</span>;
  const shown = quoteString(text.slice(0, cut));
  return (
    <>
      <span class="jt-string">{shown.slice(0, -1)}</span>
      <button
        type="button"
        class="jt-more"
        title="Show the whole string"
        onClick={(event) => (event.stopPropagation(), setShowFull(true))}
      >
        …({formatCount(text.length - cut)} more chars)
      </button>
      <span class="jt-string">"</span>
    </>
  );
}

function PrimitiveValue({ value }: { value: unknown }) {
  if (typeof value === 'string') return <StringValue text={value} />;
  if (typeof value === 'number') return <span class="jt-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span class="jt-boolean">{String(value)}</span>;
  if (value === null) return <span class="jt-null">null</span>;
  return <span class="jt-null">{String(value)}</span>;
}

interface ContainerEntries {
  count: number;
  /** Object keys (Object.keys: own, enumerable, so `__proto__` from JSON.parse is a plain key); null for arrays. */
  keys: string[] | null;
}

function entriesOf(container: JsonContainer): ContainerEntries {
  return Array.isArray(container)
    ? { count: container.length, keys: null }
    : { count: Object.keys(container).length, keys: Object.keys(container) };
}

function ContainerNode({
  name,
  value,
  ctx,
  trailing,
}: {
  name: EntryName | null;
  value: JsonContainer;
  ctx: NodeContext;
  /** Shown after the preview (e.g. a "raw" switch for a parsed string). */
  trailing?: ComponentChildren;
}) {
  const entries = useMemo(() => entriesOf(value), [value]);
  const { expanded, expandAll, expand, collapse } = useExpansion(ctx, childLineCount(0, entries.count));
  const childCtx: NodeContext = { ...ctx, depth: ctx.depth + 1, expandAll };
  return (
    <li class="jt-node" role="none">
      <ExpandableLine ctx={ctx} expanded={expanded} expand={expand} collapse={collapse} valueToCopy={() => value}>
        <NameLabel name={name} />
        <span class="jt-preview">{previewText(value)}</span>
        {trailing}
      </ExpandableLine>
      {expanded && (
        <ul class="jt-children" role="group">
          {entries.count === 0 ? (
            <li class="jt-node" role="none">
              <div class="jt-line jt-meta">{Array.isArray(value) ? 'empty array' : 'no properties'}</div>
            </li>
          ) : (
            <EntryRange container={value} entries={entries} range={{ start: 0, end: entries.count }} ctx={childCtx} />
          )}
        </ul>
      )}
    </li>
  );
}

function RangeNode(props: {
  container: JsonContainer;
  entries: ContainerEntries;
  range: IndexRange;
  ctx: NodeContext;
}) {
  const { container, entries, range, ctx } = props;
  const { expanded, expandAll, expand, collapse } = useExpansion(ctx, childLineCount(range.start, range.end));
  const childCtx: NodeContext = { ...ctx, depth: ctx.depth + 1, expandAll };
  const rangeValue = (): unknown =>
    entries.keys
      ? Object.fromEntries(entries.keys.slice(range.start, range.end).map((key) => [key, ownValue(container, key)]))
      : (container as unknown[]).slice(range.start, range.end);
  return (
    <li class="jt-node" role="none">
      <ExpandableLine ctx={ctx} expanded={expanded} expand={expand} collapse={collapse} valueToCopy={rangeValue}>
        <span class="jt-range">
          [{range.start} … {range.end - 1}]
        </span>
      </ExpandableLine>
      {expanded && (
        <ul class="jt-children" role="group">
          <EntryRange container={container} entries={entries} range={range} ctx={childCtx} />
        </ul>
      )}
    </li>
  );
}

/** The entries [start, end) of a container, grouped into range nodes when there are too many. */
function EntryRange(props: {
  container: JsonContainer;
  entries: ContainerEntries;
  range: IndexRange;
  ctx: NodeContext;
}) {
  const { container, entries, range, ctx } = props;
  const groups = childRanges(range.start, range.end);
  if (groups) {
    return (
      <>
        {groups.map((group) => (
          <RangeNode
            key={`${group.start}-${group.end}`}
            container={container}
            entries={entries}
            range={group}
            ctx={ctx}
          />
        ))}
      </>
    );
  }
  const lines: ComponentChildren[] = [];
  for (let index = range.start; index < range.end; index++) {
    const key = entries.keys ? entries.keys[index] : undefined;
    const name: EntryName = key === undefined ? { text: String(index), isIndex: true } : { text: key, isIndex: false };
    const value = key === undefined ? (container as unknown[])[index] : ownValue(container, key);
    lines.push(<Entry key={name.text} name={name} value={value} ctx={ctx} />);
  }
  return <>{lines}</>;
}

function Entry({ name, value, ctx }: { name: EntryName; value: unknown; ctx: NodeContext }) {
  if (isContainer(value)) return <ContainerNode name={name} value={value} ctx={ctx} />;
  if (typeof value === 'string' && !name.isIndex && ctx.parseStringKeys.includes(name.text))
    return <JsonStringEntry name={name} text={value} ctx={ctx} />;
  const link = name.isIndex ? undefined : ctx.linkFor?.(name.text, value);
  return (
    <li class="jt-node" role="none">
      <div class="jt-line" role="treeitem" aria-level={ctx.depth + 1}>
        <NameLabel name={name} />
        {link ? (
          <button
            type="button"
            class="jt-link"
            title={link.title}
            onClick={(event) => {
              event.stopPropagation();
              link.onActivate();
            }}
            data-testid="jt-link"
          >
            <PrimitiveValue value={value} />
          </button>
        ) : (
          <PrimitiveValue value={value} />
        )}
      </div>
    </li>
  );
}

/** A string holding JSON (a tool call's `arguments`): the parsed tree, or the raw string, one click apart. */
function JsonStringEntry({ name, text, ctx }: { name: EntryName; text: string; ctx: NodeContext }) {
  const parsed = useMemo(() => parseJsonContainer(text), [text]);
  const [raw, setRaw] = useState(false);
  const toggle = (label: string, title: string) => (
    <button
      type="button"
      class="jt-more jt-toggle-raw"
      title={title}
      onClick={(event) => {
        event.stopPropagation();
        setRaw(!raw);
      }}
      data-testid="jt-toggle-raw"
    >
      {label}
    </button>
  );
  if (parsed && !raw)
    return (
      <ContainerNode
        name={name}
        value={parsed}
        ctx={ctx}
        trailing={toggle('raw string', 'Parsed from a JSON string: show the string as received')}
      />
    );
  return (
    <li class="jt-node" role="none">
      <div class="jt-line" role="treeitem" aria-level={ctx.depth + 1}>
        <NameLabel name={name} />
        <PrimitiveValue value={text} />
        {parsed && toggle('parse', 'Show the JSON in this string as a tree')}
      </div>
    </li>
  );
}

/**
 * DevTools-console-like viewer for a parsed JSON value. Expansion state lives in the tree; give it a `key`
 * (e.g. the event id) to start fresh when showing a different value.
 */
export function JsonTree(props: JsonTreeProps) {
  const ctx: NodeContext = {
    depth: 0,
    initialExpandDepth: props.initialExpandDepth ?? 1,
    expandAll: null,
    expandAllLineBudget: props.expandAllLineBudget ?? EXPAND_ALL_LINE_BUDGET,
    onCopy: props.onCopy,
    linkFor: props.linkFor,
    parseStringKeys: props.parseStringKeys ?? [],
  };
  const name: EntryName | null = props.rootName === undefined ? null : { text: props.rootName, isIndex: false };
  const className = props.class ? `jt ${props.class}` : 'jt';
  return (
    <ul class={className} role="tree">
      {isContainer(props.value) ? (
        <ContainerNode name={name} value={props.value} ctx={ctx} />
      ) : (
        <li class="jt-node" role="none">
          <div class="jt-line" role="treeitem" aria-level={1}>
            <NameLabel name={name} />
            <PrimitiveValue value={props.value} />
          </div>
        </li>
      )}
    </ul>
  );
}
