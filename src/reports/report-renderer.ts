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

  render(doc: ReportDocument, options: RenderOptions = {}): string {
    const { meta } = doc.view;
    const marking = options.marking?.trim() ?? '';
    const view = {
      ...doc.view,
      narrative: options.narrative ?? doc.view.narrative,
      organisation: this.organisation,
      marking,
    };
    const body = this.template(join('reports', `${doc.template}.hbs`))(view);
    const html = this.template(join('layouts', 'report.hbs'))({
      ...view,
      title: `${meta.title}: ${meta.subtitle}`,
      pageCss: options.standalone ? pageMarginsCss(meta, this.organisation, marking) : null,
      body,
    });
    return options.standalone ? inlineStyles(html) : html;
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
