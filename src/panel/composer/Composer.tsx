/** Placeholder until the composer lands. */
import type { PanelStore } from '../store';

export function Composer({ store }: { store: PanelStore }) {
  return <div class="empty-state">Composer: {store.calls.value.length} call(s).</div>;
}
