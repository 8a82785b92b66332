import { describe, expect, it } from 'vitest';
import { tavusRestRoute, usesBundlePath, type StringOps } from '../../../src/bridge/offline-join';

const ops: StringOps = { slice: (s, a, b) => s.slice(a, b), indexOf: (s, x) => s.indexOf(x) };

describe('tavusRestRoute', () => {
  it.each([
    ['POST', 'https://tavusapi.com/v2/conversations', 'create'],
    ['POST', 'https://tavusapi.com/v2/conversations/', 'create'],
    ['post', 'https://tavusapi.com/v2/conversations?verbose=true', 'create'],
    ['POST', 'https://tavusapi.com/v2/conversations/c123/end', 'end'],
    ['POST', 'https://tavusapi.com/v2/conversations/c123/end/', 'end'],
    ['POST', 'https://tavusapi.com/v2/conversations/c123/end?x=1#h', 'end'],
  ] as const)('%s %s is %s', (method, url, route) => {
    expect(tavusRestRoute(method, url, ops)).toBe(route);
  });

  it.each([
    ['GET', 'https://tavusapi.com/v2/conversations'],
    ['POST', 'https://tavusapi.com/v2/conversations/c123'],
    ['POST', 'https://tavusapi.com/v2/conversations/c123/end/more'],
    ['POST', 'https://tavusapi.com/v2/conversations//end'],
    ['POST', 'https://tavusapi.com/v2/personas'],
    ['POST', 'https://evil.example/https://tavusapi.com/v2/conversations'],
    ['POST', 'http://tavusapi.com/v2/conversations'],
  ])('%s %s is left to the network', (method, url) => {
    expect(tavusRestRoute(method, url, ops)).toBeUndefined();
  });
});

describe('usesBundlePath', () => {
  it('is the directory option from daily-js 0.92 on (and for an unknown version), the file option before', () => {
    expect(usesBundlePath('0.92.2', ops)).toBe(true);
    expect(usesBundlePath('0.100.0', ops)).toBe(true);
    expect(usesBundlePath('1.0.0', ops)).toBe(true);
    expect(usesBundlePath(undefined, ops)).toBe(true);
    expect(usesBundlePath('0.80.0', ops)).toBe(false);
    expect(usesBundlePath('0.91.9', ops)).toBe(false);
    expect(usesBundlePath('0.9.1', ops)).toBe(false);
  });
});
