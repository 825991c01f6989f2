import { Injectable } from '@nestjs/common';
import hbs from 'hbs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { registerHelpers } from '../common/views/hbs-helpers.js';
import { registerPartialsFrom } from '../common/views/partials.js';
import type { ReportDocument } from './report-view.js';

type Template = (context: unknown) => string;

/**
 * Renders a report's view-model with its template under views/reports inside the report layout.
 * The web pages, the command line and the benchmark all render through here, so a report is the
 * same wherever it is printed. Templates are compiled once.
 */
@Injectable()
export class ReportRenderer {
  private readonly views = join(projectRoot(), 'views');
  private readonly compiled = new Map<string, Template>();

  constructor() {
    registerHelpers(hbs.handlebars);
    registerPartialsFrom(hbs.handlebars, join(this.views, 'partials'));
  }

  render(doc: ReportDocument): string {
    const { meta } = doc.view;
    const body = this.template(join('reports', `${doc.template}.hbs`))(doc.view);
    return this.template(join('layouts', 'report.hbs'))({
      ...doc.view,
      title: `${meta.title}: ${meta.subtitle}`,
      body,
    });
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
