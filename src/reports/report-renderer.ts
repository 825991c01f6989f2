import { Injectable, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import hbs from 'hbs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { registerHelpers } from '../common/views/hbs-helpers.js';
import { registerPartialsFrom } from '../common/views/partials.js';
import type { Env } from '../config/env.js';
import { inlineStyles } from './pdf.service.js';
import type { ReportDocument, ReportMeta, ReportNarrative } from './report-view.js';

type Template = (context: unknown) => string;

/** How a report is rendered, besides its data. */
export interface RenderOptions {
  /**
   * A distribution marking printed at the top and foot of every page, e.g. "RESTRICTED"
   * (default none).
   */
  marking?: string;
  /**
   * The HTML is opened without the server (a PDF, a saved file): its stylesheet is inlined and
   * the running header and footer go in the page margins, where the page number is. Served pages
   * keep them in a table head and foot (their policy allows no inline style).
   */
  standalone?: boolean;
  /** Text written around the figures; replaces the view-model's own. */
  narrative?: ReportNarrative;
}

/** Where a report's parts go in its body, and its body in the page (comments no data can hold). */
const PARTS_MARK = '<!-- report parts -->';
const BODY_MARK = '<!-- report body -->';

function splitAt(text: string, mark: string): [string, string] {
  const at = text.indexOf(mark);
  return [text.slice(0, at), text.slice(at + mark.length)];
}

/** Text as a CSS string: anything but plain letters and punctuation as a hex escape. */
export function cssString(text: string): string {
  const escaped = [...text]
    .map((c) => (/[A-Za-z0-9 .,:;()·–—/-]/.test(c) ? c : `\\${c.codePointAt(0)?.toString(16)} `))
    .join('');
  return `"${escaped}"`;
}

/**
 * The running header and footer in the page margins (CSS `@page` margin boxes): the short title
 * and the dates above, the organisation and edition below with the page number, the marking in
 * the middle of both. The cover has the marking and the footer only.
 */
export function pageMarginsCss(meta: ReportMeta, organisation: string, marking: string): string {
  const right = `${meta.dateLine}${meta.demoData ? ' · DEMO DATA' : ''}`;
  const mark = marking ? cssString(marking) : 'none';
  return (
    '@page {' +
    ` @top-left { content: ${cssString(meta.shortTitle)}; }` +
    ` @top-center { content: ${mark}; }` +
    ` @top-right { content: ${cssString(right)}; }` +
    ` @bottom-left { content: ${cssString(`${organisation} · ${meta.editionLabel}`)}; }` +
    ` @bottom-center { content: ${mark}; }` +
    ' }' +
    // The cover prints the marking itself.
    ' @page :first { @top-left { content: none; } @top-center { content: none; } @top-right { content: none; } }' +
    ' table.page-frame > thead, table.page-frame > tfoot { display: none; }'
  );
}

/**
 * Renders a report's view-model with its template under views/reports inside the report layout.
 * The web pages, the command line and the benchmark all render through here, so a report is the
 * same wherever it is printed. Templates are compiled once.
 */
@Injectable()
export class ReportRenderer {
  private readonly views = join(projectRoot(), 'views');
  private readonly compiled = new Map<string, Template>();
  /** The organisation that issues the reports (ORGANISATION_NAME): the PDF's Author, the footer. */
  readonly organisation: string;

  constructor(@Optional() config?: ConfigService<Env, true>) {
    this.organisation = config?.get('ORGANISATION_NAME', { infer: true }) ?? 'Secretariat';
    registerHelpers(hbs.handlebars);
    registerPartialsFrom(hbs.handlebars, join(this.views, 'partials'));
  }

  /** The whole report as one string (a document to store, a file, a PDF to print). */
  async render(doc: ReportDocument, options: RenderOptions = {}): Promise<string> {
    const chunks: string[] = [];
    for await (const chunk of this.stream(doc, options)) chunks.push(chunk);
    return chunks.join('');
  }

  /**
   * The report in pieces, in order: the page around the body, the body up to its parts, each
   * part as it is read and rendered (ReportDocument.parts), then the rest. A server streams them
   * to the client, so that a long report is never held whole, nor as one string.
   */
  async *stream(doc: ReportDocument, options: RenderOptions = {}): AsyncGenerator<string> {
    const { meta } = doc.view;
    const marking = options.marking?.trim() ?? '';
    const narrative = options.narrative ?? doc.view.narrative;
    const view = { ...doc.view, narrative, organisation: this.organisation, marking };
    const body = this.template(join('reports', `${doc.template}.hbs`))({
      ...view,
      partsMark: PARTS_MARK,
    });
    let page = this.template(join('layouts', 'report.hbs'))({
      ...view,
      title: `${meta.title}: ${meta.subtitle}`,
      pageCss: options.standalone ? pageMarginsCss(meta, this.organisation, marking) : null,
      body: BODY_MARK,
    });
    if (options.standalone) page = inlineStyles(page);
    const [head, tail] = splitAt(page, BODY_MARK);
    const at = doc.parts ? body.indexOf(PARTS_MARK) : -1;
    if (!doc.parts || at < 0) {
      yield head + body.replace(PARTS_MARK, '') + tail;
      return;
    }
    yield head + body.slice(0, at);
    const part = this.template(join('reports', `${doc.parts.template}.hbs`));
    for await (const item of doc.parts.read()) {
      yield part({ ...item, narrative, organisation: this.organisation, marking });
    }
    yield body.slice(at + PARTS_MARK.length) + tail;
  }

  private template(file: string): Template {
    let template = this.compiled.get(file);
    if (!template) {
      template = hbs.handlebars.compile(readFileSync(join(this.views, file), 'utf8'));
      this.compiled.set(file, template);
    }
    return template;
  }
}
