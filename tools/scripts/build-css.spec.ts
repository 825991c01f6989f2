import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildStylesheet, STYLESHEETS } from './build-css.js';

describe('the committed stylesheets', () => {
  const root = process.cwd();

  it.each(STYLESHEETS)(
    '$output is what $source builds (run `npm run build:css`)',
    ({ source, output }) => {
      const committed = readFileSync(join(root, 'views', 'assets', output), 'utf8');
      expect(buildStylesheet(root, source) === committed).toBe(true);
    },
  );

  it('uses no GOV.UK font and no GOV.UK crown', () => {
    for (const { output } of STYLESHEETS) {
      const css = readFileSync(join(root, 'views', 'assets', output), 'utf8');
      expect(css).not.toContain('@font-face');
      expect(css).not.toContain('GDS Transport');
    }
  });
});
