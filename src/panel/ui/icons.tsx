import type { JSX } from 'preact';

/* Icons: small SVGs drawn for this panel (20×20 grid, stroked with currentColor so they follow the theme). */

export type ToolbarIconName =
  | 'clear'
  | 'record'
  | 'pause'
  | 'play'
  | 'download'
  | 'upload'
  | 'filter'
  | 'search'
  | 'settings'
  | 'close'
  | 'copy'
  | 'send'
  | 'scroll-to-bottom'
  | 'trash'
  | 'more'
  | 'sidebar';

const STROKE = {
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 1.5,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

function iconShapes(name: ToolbarIconName): JSX.Element {
  switch (name) {
    case 'clear':
      return (
        <g {...STROKE}>
          <circle cx="10" cy="10" r="6.5" />
          <path d="M5.4 14.6 14.6 5.4" />
        </g>
      );
    case 'record':
      return <circle cx="10" cy="10" r="5" fill="currentColor" />;
    case 'pause':
      return (
        <g fill="currentColor">
          <rect x="5.5" y="4.5" width="3" height="11" rx="0.75" />
          <rect x="11.5" y="4.5" width="3" height="11" rx="0.75" />
        </g>
      );
    case 'play':
      return <path d="M6.5 4.5v11l9-5.5z" fill="currentColor" />;
    case 'download':
      return <path {...STROKE} d="M10 3.5v9M6 8.5l4 4 4-4M4 16.5h12" />;
    case 'upload':
      return <path {...STROKE} d="M10 12.5v-9M6 7.5l4-4 4 4M4 16.5h12" />;
    case 'filter':
      return <path {...STROKE} d="M3.5 4.5h13l-5 6.2v5.3l-3-1.5v-3.8z" />;
    case 'search':
      return <path {...STROKE} d="M12.3 12.3 16.5 16.5M13.5 8.5a5 5 0 1 1-10 0 5 5 0 0 1 10 0z" />;
    case 'settings':
      return (
        <g {...STROKE}>
          <path d="M3.5 6h13M3.5 14h13" />
          <circle cx="7.5" cy="6" r="1.8" fill="var(--color-bg-toolbar)" />
          <circle cx="12.5" cy="14" r="1.8" fill="var(--color-bg-toolbar)" />
        </g>
      );
    case 'close':
      return <path {...STROKE} d="M5.5 5.5l9 9M14.5 5.5l-9 9" />;
    case 'copy':
      return (
        <g {...STROKE}>
          <rect x="7" y="7" width="9" height="9.5" rx="1.5" />
          <path d="M13 7V5a1.5 1.5 0 0 0-1.5-1.5h-6A1.5 1.5 0 0 0 4 5v6.5A1.5 1.5 0 0 0 5.5 13H7" />
        </g>
      );
    case 'send':
      return <path {...STROKE} d="M3.5 9.5 16.5 3.5l-5 13-2.5-5.5zM9 11l7.5-7.5" />;
    case 'scroll-to-bottom':
      return <path {...STROKE} d="M10 3.5v10M5.5 9l4.5 4.5L14.5 9M4.5 16.5h11" />;
    case 'trash':
      return <path {...STROKE} d="M4.5 6h11M8 6V4h4v2M6 6l.8 10.5h6.4L14 6M8.5 9v4.5M11.5 9v4.5" />;
    case 'more':
      return (
        <g fill="currentColor">
          <circle cx="10" cy="4.5" r="1.4" />
          <circle cx="10" cy="10" r="1.4" />
          <circle cx="10" cy="15.5" r="1.4" />
        </g>
      );
    case 'sidebar':
      return (
        <g {...STROKE}>
          <rect x="3" y="4" width="14" height="12" rx="1.5" />
          <path d="M12 4v12" />
        </g>
      );
  }
}

export function ToolbarIcon({ name }: { name: ToolbarIconName }) {
  return (
    <svg class="toolbar-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      {iconShapes(name)}
    </svg>
  );
}
