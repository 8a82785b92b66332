/**
 * What offline join supports, shown where mock mode is switched on (the mock replica's panel, src/panel/mock/): which
 * integration shapes get a simulated Daily call in this tab, which do not and why, and what switching on does.
 */
import { OFFLINE_JOIN_REASON } from '../../bridge/offline-join';

export interface OfflineJoinNoteProps {
  /** Mock mode is on for the inspected tab: say that a reload or a new join is what takes effect. */
  active?: boolean;
}

export const OFFLINE_JOIN_SUPPORTED =
  'Works for apps that run a Daily call object in this page: Daily.createCallObject() directly or through ' +
  'daily-react\u2019s DailyProvider, bundled or from a script tag (daily-js 0.80 to 0.92), joining any conversation ' +
  'URL, and apps that create the conversation with Tavus\u2019s REST API from the browser with fetch (a mock answer).';

export const OFFLINE_JOIN_UNSUPPORTED =
  'Not supported: Prebuilt (Daily.createFrame) and a plain <iframe> of the conversation URL. There the call runs ' +
  'inside Daily\u2019s or Tavus\u2019s own web app, which the iframe loads from their servers; with no network there ' +
  'is no app to run, and the extension does not stand in for a whole third-party app. Use a call object for offline ' +
  'work, or go online.';

export function OfflineJoinNote({ active = false }: OfflineJoinNoteProps) {
  return (
    <div class="offline-join-note text-secondary" role="note" aria-label="Offline join">
      <p>
        <strong>Offline join.</strong> {OFFLINE_JOIN_SUPPORTED}
      </p>
      <p>{OFFLINE_JOIN_UNSUPPORTED}</p>
      <p class="offline-join-reason">{OFFLINE_JOIN_REASON}</p>
      {active ? (
        <p class="offline-join-active">
          Offline join is on for this tab: it takes effect at the app&rsquo;s next join (reload the page if the call
          machine was already loaded).
        </p>
      ) : null}
    </div>
  );
}
