/**
 * One shared TypeInfo per distinct (event_type, kind, canonical type) seen, so a `type:` filter term is decided once
 * per distinct type rather than once per event: at 100k events the term read three strings per event (event_type,
 * kind, and the canonical type behind the classifier result), and those scattered reads were most of its time.
 * Bounded: past MAX_TYPE_INFOS distinct types (a page can send any event_type) new ones get none, and filters
 * test those events directly.
 */
import type { LogKind, TypeInfo } from './types';

export const MAX_TYPE_INFOS = 4096;

export class TypeTable {
  private byEventType = new Map<string, TypeInfo[]>();
  private count = 0;

  constructor(private readonly max: number = MAX_TYPE_INFOS) {}

  get size(): number {
    return this.count;
  }

  intern(eventType: string, kind: LogKind, canonicalType: string | undefined): TypeInfo | undefined {
    let infos = this.byEventType.get(eventType);
    if (infos) for (const info of infos) if (info.kind === kind && info.canonicalType === canonicalType) return info;
    if (this.count >= this.max) return undefined;
    const info: TypeInfo = { eventType, kind, canonicalType };
    if (!infos) this.byEventType.set(eventType, (infos = []));
    infos.push(info);
    this.count++;
    return info;
  }

  clear(): void {
    this.byEventType = new Map();
    this.count = 0;
  }
}
