import type { SeededRandom } from './prng';
import type { ToolRule } from './script';

/** What the simulated LLM "knows" when it composes an answer. */
export interface ReplyKnowledge {
  userText: string;
  /** conversational_context as changed by overwrite/append interactions ('' if never set). */
  context: string;
  /** Set by `conversation.sensitivity`; undefined until the app sends one. */
  pauseSensitivity: string | undefined;
  interruptSensitivity: string | undefined;
  /** Notes the replica owes the user since its last answer (context or sensitivity changes). */
  acknowledgements: readonly string[];
}

const OPENERS = [
  'Sure.',
  'Good question.',
  'Happy to help with that.',
  'Got it.',
  'Okay, let me think.',
  'Thanks for asking.',
] as const;

const FILLERS = [
  'This is the offline demo replica, so my answers are canned, but every event follows the Tavus wire format.',
  'Each of my words arrives as a streaming utterance event with the accumulated text.',
  'You can interrupt me at any time and watch the final chunk get marked as interrupted.',
  'Ask me about the weather if you want to see a tool call that waits for your tool result.',
  'Try appending some context, then ask me how much context I have.',
  'Every event I send carries a sequence number, a turn index and a timestamp.',
] as const;

const STORY = [
  'Once upon a time a small replica lived inside a video call.',
  'Every morning it woke up when a participant joined, said hello, and waited for the app to send a message.',
  'Some days the messages arrived in order; on other days the network shuffled them like a deck of cards.',
  'The replica never minded, because every event carried a sequence number that told the app where it belonged.',
  'And whenever somebody interrupted, it stopped mid-sentence, politely, and said how long it had been talking.',
] as const;

/** Shortens text for quoting it back, on a word boundary. */
export function quoteBack(text: string, maxLength = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${cut.slice(0, lastSpace > maxLength / 2 ? lastSpace : maxLength)}…`;
}

export function describeContext(context: string): string {
  if (context === '') return 'I have no extra context yet.';
  return `My context is ${context.length} characters long and ends with “${quoteBack(context.slice(-60), 60)}”.`;
}

export function describeSensitivity(pause: string | undefined, interrupt: string | undefined): string {
  if (pause === undefined && interrupt === undefined) return 'My sensitivity is still the persona default.';
  return `My pause sensitivity is ${pause ?? 'unchanged'} and my interrupt sensitivity is ${interrupt ?? 'unchanged'}.`;
}

/** The replica's answer to a `conversation.respond` that is not a tool request. */
export function composeReply(random: SeededRandom, knowledge: ReplyKnowledge): string {
  const text = knowledge.userText;
  const parts: string[] = [];
  if (/\b(story|long)\b/i.test(text)) {
    parts.push('Here is a longer one, so you have time to interrupt me.', ...STORY);
  } else {
    parts.push(random.pick(OPENERS));
    if (text.trim() !== '') parts.push(`You said: “${quoteBack(text)}”.`);
  }
  parts.push(...knowledge.acknowledgements);
  const asksContext = /\bcontext\b/i.test(text);
  const asksSensitivity = /sensitiv/i.test(text);
  if (asksContext) parts.push(describeContext(knowledge.context));
  if (asksSensitivity) parts.push(describeSensitivity(knowledge.pauseSensitivity, knowledge.interruptSensitivity));
  if (!asksContext && !asksSensitivity && knowledge.acknowledgements.length === 0) parts.push(random.pick(FILLERS));
  return parts.join(' ');
}

/** A tool output (string or JSON object) as a short spoken phrase. */
export function describeToolOutput(output: unknown): string {
  if (typeof output === 'string') return quoteBack(output, 120);
  if (typeof output === 'number' || typeof output === 'boolean') return String(output);
  if (typeof output === 'object' && output !== null) {
    const pairs = Object.entries(output as Record<string, unknown>)
      .slice(0, 6)
      .map(
        ([key, value]) =>
          `${key.replace(/_/g, ' ')} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
      );
    return quoteBack(pairs.join(', '), 160);
  }
  return 'nothing useful';
}

/** Pulls "Paris" out of "what's the weather in Paris?"; falls back to a default city. */
export function weatherLocation(text: string): string {
  const match =
    /\b(?:in|for|at)\s+([A-Za-z][A-Za-z .'-]{1,40}?)\s*(?:[?.!,]|\b(?:today|tomorrow|now|please)\b|$)/i.exec(text);
  const location = match?.[1]?.trim();
  return location && !/^(the|a|an)$/i.test(location) ? location : 'San Francisco';
}

export function asksForWeather(text: string): boolean {
  return /\bweather\b|\bforecast\b/i.test(text);
}

/** The demo's one tool: "what's the weather in Paris?" calls get_weather and answers from the app's result. */
export const WEATHER_TOOL_RULE: ToolRule = {
  kind: 'tool',
  match: /\bweather\b|\bforecast\b/i,
  name: 'get_weather',
  argumentsFor: (match) => ({ location: weatherLocation(match.input), unit: 'celsius' }),
  answer: (output, failed, match) =>
    failed
      ? `Sorry, I couldn't get the weather for ${weatherLocation(match.input)}: ${output}.`
      : `Here is the weather for ${weatherLocation(match.input)}: ${output}.`,
};
