/** Aggregating the chunks of one streaming utterance or one chunked audio echo into a single row's content. */
import type { EventEntry, StreamGroup } from './entry';
import type { StreamSummary } from './types';

function chunkOrder(a: EventEntry, b: EventEntry): number {
  const ai = a.classified?.streaming?.contentIndex ?? -1;
  const bi = b.classified?.streaming?.contentIndex ?? -1;
  return ai - bi || a.id - b.id;
}

/** Later in the stream: higher content_index, then final, then later arrival. */
function isLater(candidate: EventEntry, current: EventEntry): boolean {
  const ci = candidate.classified?.streaming?.contentIndex ?? -1;
  const cu = current.classified?.streaming?.contentIndex ?? -1;
  if (ci !== cu) return ci > cu;
  const cf = candidate.classified?.streaming?.final === true;
  const uf = current.classified?.streaming?.final === true;
  if (cf !== uf) return cf;
  return candidate.id > current.id;
}

/**
 * `generatedFor` finds the replica's full LLM text (conversation.utterance with the same inference_id), so an
 * interrupted turn can show what was meant beside what was spoken.
 */
export function summariseStream(
  group: StreamGroup,
  generatedFor: (group: StreamGroup) => string | undefined,
): StreamSummary {
  const members = [...group.members].sort(chunkOrder);
  let latest = members[0]!;
  let audioBytes = 0;
  let durationMs = 0;
  let done = false;
  for (const member of members) {
    if (isLater(member, latest)) latest = member;
    const echo = member.classified?.echo;
    if (echo && !member.duplicate && !(member.twin && member.twinSecondary)) {
      audioBytes += echo.audioBytes ?? 0;
      durationMs += echo.durationMs ?? 0;
      if (echo.done) done = true;
    }
  }
  const streaming = latest.classified?.streaming;
  const final = streaming?.final === true;
  const speech = latest.classified?.speech ?? '';
  return {
    key: group.key,
    type: group.type,
    callId: group.callId,
    inferenceId: group.inferenceId,
    role: group.role,
    chunkIds: members.map((m) => m.id),
    latestId: latest.id,
    speech,
    contentIndex: streaming?.contentIndex,
    final,
    isInterrupted: streaming?.isInterrupted === true,
    generatedText: group.type === 'utterance' ? generatedFor(group) : undefined,
    spokenText: final ? speech : undefined,
    audioBytes,
    durationMs,
    done,
  };
}
