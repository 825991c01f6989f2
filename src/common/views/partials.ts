import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

interface PartialRegistry {
  registerPartial(name: string, partial: string): void;
}

/**
 * Registers every `*.hbs` of a folder as a partial named after its file (dashes kept). Synchronous,
 * so that the web app and the command line render with the same partials from the first call.
 */
export function registerPartialsFrom(handlebars: PartialRegistry, dir: string): void {
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.hbs')) continue;
    handlebars.registerPartial(basename(file, '.hbs'), readFileSync(join(dir, file), 'utf8'));
  }
}
