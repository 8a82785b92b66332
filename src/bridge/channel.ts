/**
 * The private MAIN ⇄ ISOLATED channel. At document_start, before any page script runs, the relay hands the hook a
 * random nonce (HANDSHAKE_EVENT, answered once). From then on both sides use event names that contain the nonce, so
 * page scripts, which start later, cannot listen to or forge our traffic.
 */
import { isBufferedRecord, isCapturedRecord, type BufferedRecord, type CapturedRecord } from '../record/record';

export const HOOK_HELLO_EVENT = 'cvi-devtools:hook-hello';
export const HANDSHAKE_EVENT = 'cvi-devtools:handshake';
/** The action of the late-attach probe message; daily-js ignores unknown actions. */
export const PROBE_ACTION = '__cvi_devtools_probe';

export function channelNames(nonce: string): { pageToRelay: string; relayToPage: string } {
  return { pageToRelay: `cvi-devtools:p:${nonce}`, relayToPage: `cvi-devtools:r:${nonce}` };
}

// ---- record framing ------------------------------------------------------------------------------------------
// Records cross the hook → relay channel as text lines: each record's metadata as JSON, then its payload JSON text
// as it is. JSON.stringify never emits a raw line feed, so "\n" is a safe separator, and the payload (the bulk of
// the bytes) is neither escaped a second time in the page nor parsed in the relay.

/** First line of a records frame; every other channel message is a JSON object. */
export const RECORDS_FRAME = 'R';

export function encodeRecords(records: readonly CapturedRecord[]): string {
  const lines: string[] = [RECORDS_FRAME];
  for (const record of records) {
    const { json, ...meta } = record;
    lines.push(JSON.stringify(meta), json);
  }
  return lines.join('\n');
}

/** The numbered records of a frame sent to the panel, or undefined when any part of it is not valid. */
export function decodeBufferedRecords(text: string): BufferedRecord[] | undefined {
  return decodeRecords(text, isBufferedRecord) as BufferedRecord[] | undefined;
}

/** The records of a frame, or undefined when any part of it is not a valid record. */
export function decodeRecords(
  text: string,
  isValid: (x: unknown) => boolean = isCapturedRecord,
): CapturedRecord[] | undefined {
  const lines = text.split('\n');
  if (lines[0] !== RECORDS_FRAME || lines.length % 2 !== 1) return undefined;
  const records: CapturedRecord[] = [];
  for (let i = 1; i < lines.length; i += 2) {
    let meta: unknown;
    try {
      meta = JSON.parse(lines[i] as string);
    } catch {
      return undefined;
    }
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta) || 'json' in meta) return undefined;
    const record = { ...(meta as object), json: lines[i + 1] as string };
    if (!isValid(record)) return undefined;
    records.push(record as CapturedRecord);
  }
  return records;
}
