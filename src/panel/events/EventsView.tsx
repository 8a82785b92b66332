/**
 * The Events tab: the table and, when open, the selected event's detail. Wide panels put the detail beside the
 * table (which then drops columns down to a narrow list, Summary kept), narrow ones put it below; each split is
 * dragged and remembered on its own.
 */
import { useRef } from 'preact/hooks';
import { useElementWidth } from '../ui/use-element-width';
import { usePersistentState } from '../persist';
import { SplitPane } from '../ui/SplitPane';
import type { PanelStore } from '../store';
import { DetailPane } from './DetailPane';
import { EventTable } from './EventTable';
import './events.css';

/** Below this panel width the detail goes under the table instead of beside it. */
export const DETAIL_BESIDE_MIN_WIDTH = 720;
/** Beside the detail, the table keeps at least this much: the kind badge, time and a readable summary. */
export const TABLE_BESIDE_MIN_WIDTH = 320;

export type DetailPlacement = 'beside' | 'below';

export function detailPlacement(width: number): DetailPlacement {
  // Before layout (0) assume a wide panel, as DevTools opens most often docked bottom or undocked.
  return width > 0 && width < DETAIL_BESIDE_MIN_WIDTH ? 'below' : 'beside';
}

export function EventsView({ store }: { store: PanelStore }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref, 'client');
  const [besideSize, setBesideSize] = usePersistentState('split.detail', 420);
  const [belowSize, setBelowSize] = usePersistentState('split.detail-below', 260);

  const placement = detailPlacement(width);
  const hidden = !store.detailOpen.value || store.selectedId.value === undefined;
  return (
    <div ref={ref} class={`events-view detail-${placement}`} data-detail-placement={placement}>
      {placement === 'beside' ? (
        <SplitPane
          key="beside"
          direction="horizontal"
          size={besideSize}
          onSizeChange={setBesideSize}
          minSize={240}
          minOtherSize={TABLE_BESIDE_MIN_WIDTH}
          secondHidden={hidden}
          dividerLabel="Resize details"
          first={<EventTable store={store} />}
          second={<DetailPane store={store} />}
        />
      ) : (
        <SplitPane
          key="below"
          direction="vertical"
          size={belowSize}
          onSizeChange={setBelowSize}
          minSize={120}
          minOtherSize={110}
          secondHidden={hidden}
          dividerLabel="Resize details"
          first={<EventTable store={store} />}
          second={<DetailPane store={store} />}
        />
      )}
    </div>
  );
}
