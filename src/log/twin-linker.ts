/**
 * Links twins: copies of one happening that Tavus sends on purpose (PAL `role:"pal"` beside `"replica"`,
 * role-agnostic beside legacy speaking events, system.pal_joined beside system.replica_joined; see twinKeys). The
 * preferred copy of a group is primary, the others secondary (what *Hide twins* hides).
 */
import { twinKeys, twinPreference, type EventEntry, type TwinGroup } from './entry';

/**
 * Twin copies arrive next to each other (same or adjacent seq), so only the most recent twin keys (between this
 * and twice this many) are kept for linking: this bounds memory and keeps the lookup table small. Copies further
 * apart than that are not linked.
 */
export const TWIN_WINDOW = 1024;

export class TwinLinker {
  private byKey = new Map<string, TwinGroup>();
  private nextGroupId = 1;

  /**
   * Sets the entry's twin key, identity and rank (read by the sequencer to tell twins from duplicates). False when
   * the entry cannot have twins.
   */
  identify(entry: EventEntry): boolean {
    const keys = twinKeys(entry);
    if (!keys) return false;
    entry.twinKey = keys.key;
    entry.twinIdentity = keys.identity;
    entry.twinRank = twinPreference(entry);
    return true;
  }

  /**
   * Joins an identified entry to the open group of its key, or starts a group. True when a member already held
   * changed role (a view showing it must be rebuilt).
   */
  link(entry: EventEntry): boolean {
    const key = entry.twinKey!;
    const group = this.byKey.get(key);
    if (group && !group.members.some((m) => m.twinIdentity === entry.twinIdentity)) {
      group.members.push(entry);
      entry.twin = group;
      return updateTwinRoles(group, entry);
    }
    // First copy, or the previous happening with this key is complete: start a new group.
    const fresh: TwinGroup = { id: this.nextGroupId++, key, members: [entry] };
    if (group) this.byKey.delete(key); // re-insert at the young end
    this.byKey.set(key, fresh);
    if (this.byKey.size > 2 * TWIN_WINDOW) {
      // Forget the oldest keys in one sweep (Map iterates in insertion order).
      for (const old of this.byKey.keys()) {
        if (this.byKey.size <= TWIN_WINDOW) break;
        this.byKey.delete(old);
      }
    }
    entry.twin = fresh;
    return false;
  }

  /** Takes an evicted entry out of its group; the remaining members' roles are recomputed. */
  unlink(entry: EventEntry): void {
    const twin = entry.twin;
    if (!twin) return;
    removeFrom(twin.members, entry);
    if (twin.members.length > 0) updateTwinRoles(twin);
    else if (this.byKey.get(twin.key) === twin) this.byKey.delete(twin.key);
  }

  /** Keys still open for linking (bounded by twice TWIN_WINDOW). */
  get openKeys(): number {
    return this.byKey.size;
  }

  /** Group ids keep increasing across clears, so a view never confuses an old group with a new one. */
  clear(): void {
    this.byKey = new Map();
  }
}

export function removeFrom<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}

/**
 * The preferred copy is primary; every other member of a group of two or more is secondary. True when a member
 * other than `added` changed role.
 */
function updateTwinRoles(group: TwinGroup, added?: EventEntry): boolean {
  let primary: EventEntry | undefined;
  for (const member of group.members) {
    if (!primary || member.twinRank > primary.twinRank) primary = member;
  }
  let changed = false;
  for (const member of group.members) {
    const secondary = group.members.length > 1 && member !== primary;
    if (member.twinSecondary !== secondary && member !== added) changed = true;
    member.twinSecondary = secondary;
  }
  return changed;
}
