import { requestIdOf, resolveLogFormat } from './logging.js';

describe('request ids', () => {
  it('keeps a sane given id and replaces anything else with a new UUID', () => {
    expect(requestIdOf('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    expect(requestIdOf(['first', 'second'])).toBe('first');
    for (const bad of [undefined, '', 'a'.repeat(129), 'two words', 'a\nb', '%0d%0a', 'é']) {
      const id = requestIdOf(bad);
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requestIdOf('a'.repeat(128))).toBe('a'.repeat(128));
  });
});

describe('log format', () => {
  it('is the setting when given, else text on a terminal and JSON lines anywhere else', () => {
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('text', false)).toBe('text');
    expect(resolveLogFormat(undefined, true)).toBe('text');
    expect(resolveLogFormat(undefined, false)).toBe('json');
  });
});
