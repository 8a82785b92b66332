import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64DecodedLength,
  base64FromBytes,
  base64Length,
  bytesFromBase64,
  isBase64,
} from '../../../src/protocol/base64';

const text = (value: string) => new TextEncoder().encode(value);

describe('base64FromBytes', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('RFC 4648 vector %j', (input, expected) => {
    expect(base64FromBytes(text(input))).toBe(expected);
    expect(base64Length(input.length)).toBe(expected.length);
  });

  it('matches Node for any bytes, including a view into a larger buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(5), (bytes, skip) => {
        const view = bytes.subarray(Math.min(skip, bytes.length));
        expect(base64FromBytes(view)).toBe(Buffer.from(view).toString('base64'));
      }),
    );
  });

  it('handles buffers far larger than an argument list without blowing the stack', () => {
    const big = new Uint8Array(6_000_000);
    for (let index = 0; index < big.length; index++) big[index] = (index * 31 + 7) & 255;
    expect(base64FromBytes(big)).toBe(Buffer.from(big).toString('base64'));
  });
});

describe('bytesFromBase64', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(bytesFromBase64(base64FromBytes(bytes))).toEqual({ ok: true, bytes });
      }),
    );
  });

  it('ignores whitespace and accepts missing final padding', () => {
    expect(bytesFromBase64('Zm9v\nYmE')).toEqual({ ok: true, bytes: text('fooba') });
    expect(bytesFromBase64(' Zg ')).toEqual({ ok: true, bytes: text('f') });
  });

  it.each([
    ['Zm9v!', 'invalid base64 character "!" at position 4'],
    ['Zm-_', 'invalid base64 character "-" at position 2 (that is base64url; use standard base64 with + and /)'],
    ['Zm9vé', 'invalid base64 character "é" at position 4'],
    ['Zm9vY', 'base64 text has 5 significant characters; a length of 4n+1 is impossible'],
    ['Zg=', 'base64 text has 1 "=" but needs 2'],
    ['Zm8==', 'base64 text has 2 "=" but needs 1'],
    ['Zg==Zg==', 'base64 padding "=" in the middle of the text (before position 4)'],
  ])('rejects %j', (input, error) => {
    expect(bytesFromBase64(input)).toEqual({ ok: false, error });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (input) => {
        const result = bytesFromBase64(input);
        if (result.ok) expect(result.bytes).toEqual(new Uint8Array(Buffer.from(input.replace(/\s/g, ''), 'base64')));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isBase64', () => {
  it('accepts what an encoder produces, padded or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const encoded = Buffer.from(bytes).toString('base64');
        return isBase64(encoded) && isBase64(encoded.replace(/=+$/, ''));
      }),
    );
  });

  it.each([
    ['not base64!'],
    ['Zg='], // padded but not a whole group
    ['Zm9vY'], // one character over
    ['Zg=A'], // padding in the middle
    ['Zg==='],
    ['Zm9v Yg=='], // whitespace
    ['Zm-_'], // URL-safe alphabet
  ])('rejects %j', (value) => {
    expect(isBase64(value)).toBe(false);
  });
});

describe('base64DecodedLength', () => {
  it('is the decoded length, padded or not, wrapped or not (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        const encoded = Buffer.from(bytes).toString('base64');
        const wrapped = encoded.replace(/.{76}/g, '$&\r\n');
        return (
          base64DecodedLength(encoded) === bytes.length &&
          base64DecodedLength(encoded.replace(/=+$/, '')) === bytes.length &&
          base64DecodedLength(wrapped) === bytes.length
        );
      }),
    );
  });

  it('agrees with the decoder on any text it accepts', () => {
    for (const value of ['', 'Zg', 'Zm8', 'Zm9v', 'QUJD'.repeat(100), 'AAAA'.repeat(800)]) {
      const decoded = bytesFromBase64(value);
      expect(decoded.ok && decoded.bytes.length).toBe(base64DecodedLength(value));
    }
  });
});
