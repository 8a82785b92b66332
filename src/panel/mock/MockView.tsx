/** The Mock tab: switch the mock replica on or off, pick its knobs, write its script, see what it did. */
import type { PanelStore } from '../store';
import type { MockKnobSettings, MockReplicaModel } from './mock-model';
import './mock.css';
import { OfflineJoinNote } from '../offline/OfflineJoinNote';

export const MOCK_MARK = '◇ mock';

/** Shown above every view while the tab's mock replica is on, so it can never be mistaken for a live one. */
export function MockBanner({ mock }: { mock: MockReplicaModel }) {
  if (!mock.on.value) return null;
  const target = mock.target.value;
  return (
    <div class="banner mock-banner" role="status" data-testid="mock-banner">
      <span class="mock-banner-mark">{MOCK_MARK}</span>
      <span>
        <strong>Mock replica is on in this tab.</strong>{' '}
        {target
          ? `DevTools answers call ${target.callId} as a simulated replica; its rows are marked ${MOCK_MARK}.`
          : 'Waiting for a joined call object to answer.'}
      </span>
      <button
        type="button"
        class="toolbar-button has-label"
        data-testid="mock-banner-off"
        onClick={() => mock.switchOff()}
      >
        Turn off
      </button>
    </div>
  );
}

export function MockView({ mock, store }: { mock: MockReplicaModel; store: PanelStore }) {
  const on = mock.on.value;
  const knobs = mock.knobs.value;
  const script = mock.script.value;
  const stats = mock.stats.value;
  const target = mock.target.value;
  const connected = store.actions !== undefined;
  const number = (key: keyof MockKnobSettings, label: string, help: string, scale = 1, step = 1) => (
    <label class="mock-knob" title={help}>
      <span>{label}</span>
      <input
        type="number"
        step={step}
        value={Math.round((knobs[key] as number) * scale * 1000) / 1000}
        disabled={on}
        data-testid={`mock-knob-${key}`}
        onChange={(e) => mock.setKnobs({ [key]: Number(e.currentTarget.value) / scale })}
      />
    </label>
  );
  return (
    <div class="mock-view" data-testid="mock-view">
      <section class="mock-switch">
        <button
          type="button"
          class={`toolbar-button has-label ${on ? '' : 'primary'}`}
          data-testid="mock-switch"
          aria-pressed={on}
          disabled={!connected || mock.switching.value}
          onClick={() => (on ? mock.switchOff() : mock.switchOn())}
        >
          {on ? 'Turn mock replica off' : 'Turn mock replica on'}
        </button>
        <span class="text-secondary">
          {on
            ? target
              ? `Answering call ${target.callId}.`
              : 'On; waiting for a joined call object (the hook must hold it, not only sniff it).'
            : 'Off. When on, DevTools answers this tab’s respond, echo, interrupt, context and tool results as a simulated Tavus replica, through the page’s own call object. The page’s code is not changed.'}
        </span>
        {mock.error.value && <span class="count-error">{mock.error.value}</span>}
        {!connected && <span class="text-secondary">No tab: the mock needs a live page.</span>}
      </section>
      <OfflineJoinNote active={on} />

      {stats && (
        <section class="mock-stats" data-testid="mock-stats" aria-label="What the mock did">
          <span>answered {stats.answered}</span>
          <span>events played {stats.injected}</span>
          {stats.ignored > 0 && <span>not acted on {stats.ignored}</span>}
          {stats.droppedSeqs > 0 && <span>seqs dropped {stats.droppedSeqs}</span>}
          {stats.duplicates > 0 && <span>duplicates {stats.duplicates}</span>}
          {stats.awaitingToolCall && (
            <span class="count-warning" data-testid="mock-awaiting">
              waiting for tool_result of {stats.awaitingToolCall}
            </span>
          )}
          {stats.injectFailures > 0 && (
            <span class="count-error" title={stats.lastError}>
              failed to play {stats.injectFailures}: {stats.lastError}
            </span>
          )}
        </section>
      )}

      <section class="mock-knobs" aria-label="Knobs">
        <h4>Knobs {on && <span class="text-secondary">(turn off to change)</span>}</h4>
        <div class="mock-knob-row">
          {number(
            'jitterMs',
            'Jitter ms',
            'Extra random delay per event, 0…N ms: reorders events sent close together.',
          )}
          {number('dropRate', 'Drop %', 'Share of seqs used but never delivered.', 100)}
          {number('dupRate', 'Duplicate %', 'Share of events delivered twice.', 100)}
          {number('speed', 'Speed ×', 'Speaking and thinking speed (2 = twice as fast).', 1, 0.1)}
          {number('seed', 'Seed', 'Seed of every random choice: the same seed replays the same conversation.')}
          <label class="mock-knob" title="Replica events use role pal, each followed by its legacy role replica twin.">
            <input
              type="checkbox"
              checked={knobs.pal}
              disabled={on}
              data-testid="mock-knob-pal"
              onChange={(e) => mock.setKnobs({ pal: e.currentTarget.checked })}
            />
            <span>PAL twins</span>
          </label>
        </div>
      </section>

      <section class="mock-script" aria-label="Script">
        <h4>
          Script{' '}
          <span class="text-secondary">
            {script.rules.length} rule{script.rules.length === 1 ? '' : 's'}
            {script.errors.length > 0
              ? `, ${script.errors.length} line${script.errors.length === 1 ? '' : 's'} ignored`
              : ''}
            {on ? ' · applies from the next user turn' : ''}
          </span>
        </h4>
        <textarea
          class="mock-script-text"
          spellcheck={false}
          rows={8}
          aria-label="Mock replica script"
          data-testid="mock-script"
          value={mock.scriptText.value}
          onInput={(e) => mock.setScriptText(e.currentTarget.value)}
        />
        {script.errors.length > 0 && (
          <ul class="mock-script-errors" data-testid="mock-script-errors">
            {script.errors.map((error) => (
              <li key={error.line} class="count-error">
                Line {error.line}: {error.message}
              </li>
            ))}
          </ul>
        )}
        <p class="text-secondary">
          A tool rule sends <code>conversation.tool_call</code> and waits for your <code>conversation.tool_result</code>{' '}
          (or an echo or appended context) before it answers from it. Perception and objective rules send their event
          for the matching user turn. Respond, echo, interrupt, context and sensitivity need no rule.
        </p>
      </section>
    </div>
  );
}
