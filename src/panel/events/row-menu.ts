/**
 * The row context menu of the Events table, as data: a pure function of (entry, view, capabilities) returns the
 * items, each with a command the table carries out (row-menu-commands.ts). New items (e.g. "Replay from here")
 * are a new section here and, when they need one, a new command type.
 */
import type { LogEvent } from '../../log';
import { toSendAppMessageSnippet } from '../../protocol/interactions';
import type { ComposerDraft } from '../store';
import { payloadJson, type PayloadText } from './payload-json';
import { toolReplyOptions } from './tool-reply';

/** The row the menu is for. */
export interface RowMenuEntry {
  event: LogEvent;
}

/** What the table shows now (the menu offers only filters that would change it). */
export interface RowMenuView {
  filterText: string;
}

/** What this panel can do (a standalone viewer of a file has no live call to compose into). */
export interface RowMenuCapabilities {
  compose: boolean;
}

export type RowCommand =
  /** Add a term to the filter (all terms must match). */
  | { type: 'add-filter'; term: string }
  /** Copy text; computed when chosen, so opening the menu never stringifies a big payload. */
  | { type: 'copy'; what: string; text: () => PayloadText }
  /** Open the composer with a draft. */
  | { type: 'compose'; draft: ComposerDraft };

export type RowMenuItem =
  | { kind: 'command'; id: string; label: string; title?: string; disabled?: boolean; command: RowCommand }
  | { kind: 'separator' };

/** A filter term for `key: value`, quoted when the value has spaces or quotes. */
export function filterTerm(key: string, value: string): string {
  return /^[^\s"]+$/.test(value) ? `${key}:${value}` : `${key}:${JSON.stringify(value)}`;
}

/** Whether the filter text already holds exactly this term (then adding it changes nothing). */
function hasTerm(filterText: string, term: string): boolean {
  return filterText.split(/\s+/).includes(term);
}

function shortId(id: string): string {
  return id.length > 24 ? `${id.slice(0, 23)}…` : id;
}

export function rowMenuItems(entry: RowMenuEntry, view: RowMenuView, capabilities: RowMenuCapabilities): RowMenuItem[] {
  const event = entry.event;
  const sections: RowMenuItem[][] = [];

  const filters: RowMenuItem[] = [];
  const addFilter = (id: string, label: string, term: string) =>
    filters.push({
      kind: 'command',
      id,
      label,
      title: `Add ${term} to the filter`,
      disabled: hasTerm(view.filterText, term),
      command: { type: 'add-filter', term },
    });
  if (event.eventType)
    addFilter('filter-type', `Filter by type ${event.eventType}`, filterTerm('type', event.eventType));
  if (event.turn !== undefined)
    addFilter('filter-turn', `Filter by turn ${event.turn}`, filterTerm('turn', String(event.turn)));
  if (event.inferenceId)
    addFilter(
      'filter-inference',
      `Filter by inference_id ${shortId(event.inferenceId)}`,
      filterTerm('inference', event.inferenceId),
    );
  addFilter('filter-call', `Filter by call ${shortId(event.callId)}`, filterTerm('call', event.callId));
  sections.push(filters);

  const copies: RowMenuItem[] = [
    {
      kind: 'command',
      id: 'copy-json',
      label: 'Copy JSON',
      command: { type: 'copy', what: 'JSON', text: () => payloadJson(event) },
    },
  ];
  if (event.dir === 'out' && event.parsed) {
    const to = event.record.kind === 'app-message' ? (event.record.to ?? '*') : '*';
    copies.push({
      kind: 'command',
      id: 'copy-send-app-message',
      label: 'Copy as call.sendAppMessage(…)',
      command: { type: 'copy', what: 'Snippet', text: () => ({ json: toSendAppMessageSnippet(event.data, to) }) },
    });
  }
  sections.push(copies);

  if (capabilities.compose) {
    sections.push(
      toolReplyOptions(event).map((option, index): RowMenuItem => ({
        kind: 'command',
        id: index === 0 ? 'reply' : `reply-${index}`,
        label: index === 0 ? `Reply to this tool call (${option.label.replace('Reply: ', '')})` : option.label,
        title: option.title,
        command: { type: 'compose', draft: option.draft },
      })),
    );
  }

  const items: RowMenuItem[] = [];
  for (const section of sections) {
    if (section.length === 0) continue;
    if (items.length > 0) items.push({ kind: 'separator' });
    items.push(...section);
  }
  return items;
}
