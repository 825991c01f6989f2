import type MarkdownIt from 'markdown-it';
import { createRequire } from 'node:module';

const SAFE_LINK = /^(https?:|mailto:)/i;

let parser: MarkdownIt | undefined;

/**
 * The analyst's narrative, written in Markdown, as HTML for a report. markdown-it is the parser:
 * raw HTML in the text is not passed through but printed as text (`html: false`), and links may
 * only go to http, https or mailto addresses, images are not drawn, so no narrative can carry markup or a script into
 * an issued document. Headings start at level 3, under the report's own section headings.
 *
 * Made at the first narrative, not at every start: markdown-it is loaded then (its one-file
 * CommonJS build, the same code as its modules).
 */
function markdown(): MarkdownIt {
  if (parser) return parser;
  const require = createRequire(import.meta.url);
  const Markdown = require('markdown-it') as typeof MarkdownIt;
  const md = new Markdown({ html: false, linkify: false, typographer: true });
  // No images: an issued document must not depend on, or call, another site.
  md.disable('image');
  md.validateLink = (url: string): boolean => SAFE_LINK.test(url.trim());
  // Narrative headings sit below the report's sections: "#" prints as h3, "##" as h4, and so on.
  md.core.ruler.push('narrative_heading_levels', (state) => {
    for (const token of state.tokens) {
      if (token.type === 'heading_open' || token.type === 'heading_close') {
        const level = Math.min(6, Number(token.tag.slice(1)) + 2);
        token.tag = `h${level}`;
      }
    }
    return true;
  });
  parser = md;
  return md;
}

/** Narrative Markdown as safe HTML; '' for blank text. */
export function narrativeHtml(text: string | null | undefined): string {
  if (!text || !text.trim()) return '';
  return markdown().render(text);
}
