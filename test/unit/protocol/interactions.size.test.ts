import { describe, expect, it } from 'vitest';
import {
  DAILY_MAX_APP_MESSAGE_SIZE,
  appMessageSize,
  buildRespond,
  measureAppMessage,
  validateInteraction,
} from '../../../src/protocol/interactions';

/** A respond message whose JSON text is exactly `size` UTF-16 units: as many `filler`s as fit, then ASCII. */
function respondOfSize(size: number, filler: string): ReturnType<typeof buildRespond> {
  const room = size - appMessageSize(buildRespond('c1', ''));
  const fillerUnits = JSON.stringify(filler).length - 2;
  const fillers = Math.floor(room / fillerUnits);
  return buildRespond('c1', filler.repeat(fillers) + 'a'.repeat(room - fillers * fillerUnits));
}

describe('appMessageSize counts like daily-js', () => {
  it('is JSON.stringify(data).length', () => {
    expect(appMessageSize({ a: 'b' })).toBe(9);
    expect(appMessageSize('x')).toBe(3);
    expect(appMessageSize(null)).toBe(4);
  });

  it('counts UTF-16 code units, not UTF-8 bytes', () => {
    expect(appMessageSize({ t: 'é' })).toBe('{"t":"é"}'.length); // 1 unit, 2 UTF-8 bytes
    expect(appMessageSize({ t: '😀' })).toBe(10); // a surrogate pair is 2 units
    expect(appMessageSize({ t: '\n"' })).toBe('{"t":"\\n\\""}'.length); // escapes count as written
  });

  it('reports Infinity, not a throw, for data that cannot be serialised', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(appMessageSize(circular)).toBe(Infinity);
    expect(appMessageSize(undefined)).toBe(Infinity);
    expect(appMessageSize(10n)).toBe(Infinity);
    const measured = measureAppMessage(() => 1);
    expect(measured.ok).toBe(false);
    expect(!measured.ok && measured.reason).toBe('not JSON-serialisable: a function has no JSON form');
  });
});

describe('the limit boundary', () => {
  it.each([
    ['ASCII', 'a'],
    ['é (2 UTF-8 bytes, 1 unit)', 'é'],
    ['emoji (surrogate pair)', '😀'],
  ])('accepts exactly 4096 and rejects 4097 with %s', (_label, filler) => {
    const atLimit = respondOfSize(4096, filler);
    expect(appMessageSize(atLimit)).toBe(4096);
    const okResult = validateInteraction(atLimit);
    expect(okResult).toMatchObject({ ok: true, size: 4096, maxSize: DAILY_MAX_APP_MESSAGE_SIZE });

    const overLimit = respondOfSize(4097, filler);
    expect(overLimit.properties.text).toContain(filler);
    expect(appMessageSize(overLimit)).toBe(4097);
    const overResult = validateInteraction(overLimit);
    expect(overResult.ok).toBe(false);
    expect(overResult.errors).toEqual([
      { path: '', message: "4097 chars; Daily's limit is 4096 (JSON.stringify length)" },
    ]);
  });

  it('counts 2000 × "é" (about 4 kB of UTF-8) as fitting, as daily-js does', () => {
    const message = buildRespond('c1', 'é'.repeat(2000));
    expect(new TextEncoder().encode(JSON.stringify(message)).length).toBeGreaterThan(4000);
    expect(validateInteraction(message).ok).toBe(true);
  });

  it('uses the limit the call reported', () => {
    const message = respondOfSize(3000, 'a');
    expect(validateInteraction(message, { maxSize: 2999 }).errors[0]?.message).toBe(
      "3000 chars; Daily's limit is 2999 (JSON.stringify length)",
    );
    expect(validateInteraction(respondOfSize(5000, 'a'), { maxSize: 5000 }).ok).toBe(true);
  });

  it('falls back to 4096, with a warning, when given a nonsense limit', () => {
    const result = validateInteraction(buildRespond('c1', 'hi'), { maxSize: -3 });
    expect(result.maxSize).toBe(4096);
    expect(result.warnings[0]?.message).toMatch(/maxSize -3 is not a positive whole number/);
  });
});
