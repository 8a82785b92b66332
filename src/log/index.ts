/** Public API of the event-log model (pure: no DOM, no browser APIs). */
export { EventLog, DEFAULT_LOG_CAP, type EventLogOptions, type AddResult } from './event-log';
export { LogView, timeDeltaMs, type ViewOptions } from './view';
export {
  parseFilter,
  filterSuggestions,
  FILTER_KEYS,
  FILTER_KEY_HELP,
  ANOMALY_NAMES,
  REGEX_TEXT_LIMIT,
  type CompiledFilter,
  type FilterTerm,
  type FilterKey,
  type AnomalyName,
  type FilterParseResult,
  type FilterSuggestion,
  type FilterVocabularySource,
} from './filter';
export {
  exportSession,
  parseSessionFile,
  factsOf,
  factsFromMarkers,
  importedFrom,
  IMPORT_SOURCE_PREFIX,
  SESSION_FORMAT,
  SESSION_VERSION,
  type SessionHeader,
  type ExportOptions,
  type SessionParseResult,
} from './session';
export { redactMessage, redactCallState, redactRawText, redactedValue, Pseudonyms } from './session-redact';
export {
  LOG_KINDS,
  type LogInput,
  type LogKind,
  type TypeInfo,
  type LogEvent,
  type GapMarker,
  type StreamSummary,
  type ViewRow,
  type Latency,
  type ToolCallTiming,
  type UtteranceTiming,
  type TurnLatencies,
  type Turn,
  type BetweenTurns,
  type AnomalyCounts,
  type LogStats,
  type LogVocabulary,
} from './types';
export { forEachNewEvent, type NewEventSource } from './new-events';
