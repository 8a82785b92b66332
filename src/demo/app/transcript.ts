/**
 * The demo app's chat transcript, built from Tavus events the way a careful integration would:
 * drop duplicates and PAL/replica twins by `seq`, keep the furthest streaming chunk even when
 * chunks arrive out of order, and show which part of the replica's answer was actually spoken.
 * DOM is built with textContent only.
 */

export interface TavusEventData {
  event_type?: unknown;
  seq?: unknown;
  inference_id?: unknown;
  properties?: Record<string, unknown>;
}

interface ReplicaLine {
  spoken: HTMLSpanElement;
  unspoken: HTMLSpanElement;
  flag: HTMLSpanElement;
  fullText: string;
  spokenText: string;
  lastContentIndex: number;
}

const BASE64_IMAGE = /^[A-Za-z0-9+/=]+$/;

export class Transcript {
  private readonly seenSeqs = new Set<number>();
  private readonly replicaLines = new Map<string, ReplicaLine>();

  constructor(private readonly list: HTMLOListElement) {}

  /** true when this event was new (not a duplicate delivery or a PAL twin). */
  accept(event: TavusEventData): boolean {
    if (typeof event.seq !== 'number') return true;
    if (this.seenSeqs.has(event.seq)) return false;
    this.seenSeqs.add(event.seq);
    return true;
  }

  clear(): void {
    this.list.replaceChildren();
    this.seenSeqs.clear();
    this.replicaLines.clear();
  }

  userSaid(text: string): void {
    this.addLine('You', text);
  }

  /** `conversation.utterance` (replica): the full planned text, shown as not yet spoken. */
  replicaUtterance(inferenceId: string, text: string): void {
    const line = this.replicaLine(inferenceId);
    line.fullText = text;
    this.renderReplica(line);
  }

  /** `conversation.utterance.streaming` (replica): accumulated text actually spoken so far. */
  replicaStreaming(inferenceId: string, speech: string, contentIndex: number, interrupted: boolean): void {
    const line = this.replicaLine(inferenceId);
    if (contentIndex >= line.lastContentIndex) {
      line.lastContentIndex = contentIndex;
      line.spokenText = speech;
    }
    if (interrupted) line.flag.textContent = 'interrupted';
    this.renderReplica(line);
  }

  note(text: string, imageBase64?: string): void {
    const item = this.addLine(undefined, text);
    item.classList.add('note');
    if (imageBase64 !== undefined && BASE64_IMAGE.test(imageBase64)) {
      const image = document.createElement('img');
      image.alt = 'perception frame';
      image.src = `data:image/jpeg;base64,${imageBase64}`;
      item.append(image);
    }
  }

  private replicaLine(inferenceId: string): ReplicaLine {
    const existing = this.replicaLines.get(inferenceId);
    if (existing !== undefined) return existing;
    const item = this.addLine('Replica', '');
    const spoken = document.createElement('span');
    const unspoken = document.createElement('span');
    unspoken.className = 'unspoken';
    const flag = document.createElement('span');
    flag.className = 'interrupted';
    item.append(spoken, unspoken, flag);
    const line: ReplicaLine = { spoken, unspoken, flag, fullText: '', spokenText: '', lastContentIndex: -1 };
    this.replicaLines.set(inferenceId, line);
    return line;
  }

  private renderReplica(line: ReplicaLine): void {
    line.spoken.textContent = line.spokenText;
    const rest = line.fullText.startsWith(line.spokenText) ? line.fullText.slice(line.spokenText.length) : '';
    line.unspoken.textContent = rest;
  }

  private addLine(who: string | undefined, text: string): HTMLLIElement {
    const item = document.createElement('li');
    if (who !== undefined) {
      const label = document.createElement('span');
      label.className = 'who';
      label.textContent = `${who}:`;
      item.append(label);
    }
    if (text !== '') item.append(document.createTextNode(text));
    this.list.append(item);
    this.list.scrollTop = this.list.scrollHeight;
    return item;
  }
}
