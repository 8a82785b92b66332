// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClockTime,
  formatCount,
  formatDelta,
  formatDuration,
  NOT_AVAILABLE,
  truncationPoint,
} from '../../../src/panel/ui/format';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [0.0004, '0 µs'],
    [0.25, '250 µs'],
    [0.85, '850 µs'],
    [0.9996, '1 ms'],
    [1, '1 ms'],
    [4.25, '4.3 ms'],
    [9.96, '10 ms'],
    [12.4, '12 ms'],
    [999.4, '999 ms'],
    [999.6, '1 s'],
    [1000, '1 s'],
    [1250, '1.25 s'],
    [9999, '10 s'],
    [12_345, '12.3 s'],
    [59_990, '1 min'],
    [60_000, '1 min'],
    [125_000, '2 min 5 s'],
    [3_599_600, '1 h'],
    [3_780_000, '1 h 3 min'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('keeps the sign of negative durations', () => {
    expect(formatDuration(-12)).toBe('-12 ms');
    expect(formatDuration(-1500)).toBe('-1.5 s');
  });

  it('shows a dash for values that are not numbers', () => {
    expect(formatDuration(Number.NaN)).toBe(NOT_AVAILABLE);
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe(NOT_AVAILABLE);
  });
});

describe('formatDelta', () => {
  it('always carries a sign', () => {
    expect(formatDelta(12)).toBe('+12 ms');
    expect(formatDelta(0)).toBe('+0 ms');
    expect(formatDelta(0.5)).toBe('+500 µs');
    expect(formatDelta(-3.4)).toBe('-3.4 ms');
    expect(formatDelta(61_000)).toBe('+1 min 1 s');
    expect(formatDelta(Number.NaN)).toBe(NOT_AVAILABLE);
  });
});

describe('formatClockTime', () => {
  it('prints local HH:MM:SS.mmm with zero padding', () => {
    const epoch = new Date(2024, 0, 2, 3, 4, 5, 6).getTime();
    expect(formatClockTime(epoch)).toBe('03:04:05.006');
  });

  it('uses a 24-hour clock', () => {
    expect(formatClockTime(new Date(2024, 5, 30, 23, 59, 58, 999).getTime())).toBe('23:59:58.999');
  });

  it('drops sub-millisecond precision instead of rounding into the next second', () => {
    const epoch = new Date(2024, 5, 30, 12, 0, 0, 999).getTime() + 0.9;
    expect(formatClockTime(epoch)).toBe('12:00:00.999');
  });

  it('shows a dash for invalid input', () => {
    expect(formatClockTime(Number.NaN)).toBe(NOT_AVAILABLE);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1234, '1.2 kB'],
    [12_345, '12.3 kB'],
    [123_456, '123 kB'],
    [999_960, '1.0 MB'],
    [4_500_000, '4.5 MB'],
    [2_000_000_000, '2.0 GB'],
    [5e15, '5000 TB'],
  ])('%s → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('handles negative and invalid values', () => {
    expect(formatBytes(-1500)).toBe('-1.5 kB');
    expect(formatBytes(Number.NaN)).toBe(NOT_AVAILABLE);
  });
});

describe('formatCount', () => {
  it('groups thousands regardless of locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(-12_345)).toBe('-12,345');
  });
});

describe('truncationPoint', () => {
  it('leaves short text alone', () => {
    expect(truncationPoint('hello', 10)).toBe(5);
  });

  it('never splits a surrogate pair', () => {
    const text = `ab${'😀'}cd`; // 😀 is two UTF-16 units at 2..3
    expect(truncationPoint(text, 3)).toBe(2);
    expect(truncationPoint(text, 4)).toBe(4);
  });
});
