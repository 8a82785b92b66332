import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOBS, mergeKnobs, parseKnobs, writeKnobs } from '../../../src/sim/knobs';
import { SeededRandom } from '../../../src/sim/prng';
import { describeToolOutput, quoteBack, weatherLocation } from '../../../src/sim/replies';

describe('SeededRandom', () => {
  it('repeats the same sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => random.nextUint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('keeps next/int/chance within range and roughly uniform', () => {
    const random = new SeededRandom(123);
    const buckets = [0, 0, 0, 0];
    let hits = 0;
    let lowest = 1;
    let highest = 0;
    for (let i = 0; i < 4000; i++) {
      const value = random.next();
      lowest = Math.min(lowest, value);
      highest = Math.max(highest, value);
      const bucket = random.int(0, 3);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
      if (random.chance(0.25)) hits++;
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(1);
    for (const count of buckets) expect(count).toBeGreaterThan(850);
    expect(hits).toBeGreaterThan(850);
    expect(hits).toBeLessThan(1150);
    expect(random.chance(0)).toBe(false);
    expect(random.chance(1)).toBe(true);
    expect(random.int(5, 5)).toBe(5);
  });

  it('makes v4-shaped UUIDs and short ids', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 50; i++)
      expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(random.id(12)).toMatch(/^[0-9a-z]{12}$/);
  });

  it('derives independent streams per label', () => {
    expect(SeededRandom.derive(5, 'a').nextUint32()).toBe(SeededRandom.derive(5, 'a').nextUint32());
    expect(SeededRandom.derive(5, 'a').nextUint32()).not.toBe(SeededRandom.derive(5, 'b').nextUint32());
  });
});

describe('knobs', () => {
  it('parses the documented query string', () => {
    expect(parseKnobs('?seed=7&jitter=40&drop=0.02&dup=0.02&pal=1&speed=2&perception=0.5')).toEqual({
      seed: 7,
      jitterMs: 40,
      dropRate: 0.02,
      dupRate: 0.02,
      pal: true,
      speed: 2,
      perceptionRate: 0.5,
      heartbeatMs: 0,
      objectives: false,
      guardrails: false,
      botEcho: false,
      oversize: false,
    });
  });

  it('falls back to defaults for missing or invalid values and clamps the rest', () => {
    expect(parseKnobs('')).toEqual(DEFAULT_KNOBS);
    expect(parseKnobs('seed=abc&speed=0&drop=3&dup=-1&jitter=&pal=0')).toEqual({
      ...DEFAULT_KNOBS,
      speed: 0.1,
      dropRate: 1,
      dupRate: 0,
      pal: false,
    });
  });

  it('merges an untrusted override by knob or query name', () => {
    const merged = mergeKnobs(DEFAULT_KNOBS, { seed: 9, jitter: '25', pal: true, bogus: 1 });
    expect(merged).toEqual({ ...DEFAULT_KNOBS, seed: 9, jitterMs: 25, pal: true });
    expect(mergeKnobs(DEFAULT_KNOBS, null)).toEqual(DEFAULT_KNOBS);
  });

  it('writes only non-default knobs and round-trips', () => {
    const knobs = { ...DEFAULT_KNOBS, seed: 3, pal: true, dupRate: 0.1 };
    const params = writeKnobs(knobs, new URLSearchParams('autojoin=1&jitter=99'));
    expect(params.toString()).toBe('autojoin=1&seed=3&dup=0.1&pal=1');
    expect(parseKnobs(params)).toEqual(knobs);
  });
});

describe('reply helpers', () => {
  it('finds the weather location or falls back', () => {
    expect(weatherLocation("What's the weather in Paris today?")).toBe('Paris');
    expect(weatherLocation('weather for New York please?')).toBe('New York');
    expect(weatherLocation('forecast at Oslo')).toBe('Oslo');
    expect(weatherLocation('how is the weather?')).toBe('San Francisco');
  });

  it('describes string and object tool outputs', () => {
    expect(describeToolOutput('sunny')).toBe('sunny');
    expect(describeToolOutput({ temp_f: 64, sky: 'fog' })).toBe('temp f 64, sky fog');
    expect(describeToolOutput(null)).toBe('nothing useful');
  });

  it('quotes long text on a word boundary', () => {
    expect(quoteBack('short')).toBe('short');
    expect(quoteBack('one two three four five six seven eight nine ten eleven twelve thirteen', 30)).toBe(
      'one two three four five six…',
    );
  });
});
