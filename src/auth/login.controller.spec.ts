import { safeNext } from './login.controller.js';

describe('safeNext (where to go after sign-in)', () => {
  it('keeps a path on this site', () => {
    expect(safeNext('/recommendations/JEW-II.9/states/KAZ?asOf=2010-01-01')).toBe(
      '/recommendations/JEW-II.9/states/KAZ?asOf=2010-01-01',
    );
  });

  it('never sends the browser to another host', () => {
    for (const next of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'evil',
      '',
      undefined,
      42,
    ]) {
      expect(safeNext(next)).toBe('/');
    }
  });
});
