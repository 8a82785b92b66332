/** What the panel shows before any call is found: what it looks for, what it scanned, how to fix it. */
import { useState } from 'preact/hooks';
import type { PanelStore } from '../store';

export function EmptyState({ store, standaloneWithoutTab }: { store: PanelStore; standaloneWithoutTab: boolean }) {
  const [attaching, setAttaching] = useState<string | undefined>(undefined);
  const frames = store.frames.value.filter((f) => !f.gone);
  const attach = async () => {
    if (!store.actions) return;
    setAttaching('Looking…');
    const outcome = await store.actions.attach();
    setAttaching(
      outcome.ok
        ? 'Asked every frame to look again. If your app creates its call later, it will appear here.'
        : `Could not attach: ${outcome.error}`,
    );
  };
  return (
    <div class="empty-state" data-testid="not-found">
      <h3>No Daily call found in this page{standaloneWithoutTab ? ' (no tab is inspected)' : ''}</h3>
      <p>
        CVI DevTools looks for the page's <code>@daily-co/daily-js</code> call objects (
        <code>Daily.createCallObject()</code> or <code>Daily.createFrame()</code>) from the moment the page starts
        loading, in every frame, and shows their <code>app-message</code> traffic. It also listens for daily-js's own
        messages in case the call object can't be reached.
      </p>
      <p class="text-secondary">
        Scanned {frames.length} frame{frames.length === 1 ? '' : 's'}
        {frames.length > 0 && ': '}
        {frames.map((f) => f.url).join(', ')}
        {store.status.value !== 'connected' && ` · connection: ${store.status.value}`}
      </p>
      {store.noCapture.value && (
        <p class="message-warning" data-testid="no-capture">
          No capture script of this extension runs in this tab: it was open before the extension was installed, updated
          or reloaded. Reload the tab (or press Attach).
        </p>
      )}
      <ul>
        <li>Join the call in your app: the call object appears as soon as it is created, events once it is joined.</li>
        <li>Was this tab open before the extension was installed or updated? Reload it, or press Attach.</li>
        <li>
          Is daily-js loaded in a cross-origin iframe? Its frame is scanned too; pick it in the call picker once found.
        </li>
        <li>Looking at a saved session? Use Import in the toolbar.</li>
      </ul>
      <div class="empty-actions">
        <button
          type="button"
          class="button-outlined"
          onClick={() => void attach()}
          title="Ask every frame of the tab to look for the Daily call again"
          disabled={!store.actions}
          data-testid="attach"
        >
          Attach
        </button>
        {attaching && <span class="text-secondary">{attaching}</span>}
      </div>
    </div>
  );
}
