import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from 'sass';

/** The stylesheets built from views/assets/src, each with the file it is written to. */
export const STYLESHEETS = [
  { source: 'app.scss', output: 'app.css' },
  { source: 'report.scss', output: 'report.css' },
] as const;

/** Compiles one stylesheet of views/assets/src, as `npm run build:css` writes it. */
export function buildStylesheet(root: string, source: string): string {
  const result = compile(join(root, 'views', 'assets', 'src', source), {
    loadPaths: [join(root, 'node_modules')],
    style: 'compressed',
    sourceMap: false,
    // No byte-order mark: inlined into a report's <style>, it would void the first rule.
    charset: false,
    // GOV.UK Frontend's own deprecation notices are its business, not the build's.
    quietDeps: true,
    silenceDeprecations: ['import'],
  });
  return `${result.css}\n`;
}

function main(): void {
  const root = process.cwd();
  for (const { source, output } of STYLESHEETS) {
    writeFileSync(join(root, 'views', 'assets', output), buildStylesheet(root, source));
  }
}

if (process.argv[1]?.endsWith('build-css.js')) main();
