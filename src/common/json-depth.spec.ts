import { nestsDeeperThan } from './json-depth.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, and nothing inside strings', () => {
    expect(nestsDeeperThan(bytes('{"a":[1,{"b":2}]}'), 3)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":[1,{"b":2}]}'), 2)).toBe(true);
    expect(nestsDeeperThan(bytes('{"a":"[[[[{{{{"}'), 1)).toBe(false);
    // An escaped quote does not end the string.
    expect(nestsDeeperThan(bytes('{"a":"\\"[[[[","b":1}'), 1)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":"\\\\"}'), 1)).toBe(false);
    expect(nestsDeeperThan(bytes('"just a string"'), 0)).toBe(false);
  });

  it('stops at the first level too deep, however long the text', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(nestsDeeperThan(bytes(deep), 32)).toBe(true);
    expect(nestsDeeperThan(bytes('['.repeat(32) + ']'.repeat(32)), 32)).toBe(false);
    expect(nestsDeeperThan(bytes('['.repeat(33) + ']'.repeat(33)), 32)).toBe(true);
  });
});
