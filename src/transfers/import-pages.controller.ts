import { Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { csrfTokenFor } from '../auth/csrf.js';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { fieldError } from '../common/errors.js';
import { submitForm } from '../common/views/form-flow.js';
import { Role } from '../users/role.enum.js';
import { IMPORT_COLUMNS, type LineProblem } from './assessment-file.js';
import { csvLine } from './csv-writer.js';
import { ImportIdPipe } from './import-id.pipe.js';
import {
  importFormViewModel,
  importReportViewModel,
  importsListViewModel,
  type ImportFormView,
  type ImportReportView,
  type ImportsListView,
} from './import-pages.view-model.js';
import { ImportConflictError, ImportsService, type Upload } from './imports.service.js';
import { uploadOf } from './upload.middleware.js';

/**
 * The import pages: upload a file, see its dry run (every change and every bad line), then apply
 * it or discard it. Everything works without JavaScript: plain forms, post-redirect-get.
 */
@ApiExcludeController()
@Controller('imports')
@MinRole(Role.Analyst)
export class ImportPagesController {
  constructor(private readonly imports: ImportsService) {}

  @Get()
  @Render('pages/transfers/index')
  async index(
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportsListView> {
    return importsListViewModel(
      await this.imports.list(principal),
      principal.role === Role.Admin,
      csrfTokenFor(req),
    );
  }

  @Get('new')
  @Render('pages/transfers/new')
  form(@Req() req: Request): ImportFormView {
    return importFormViewModel(csrfTokenFor(req), [], this.imports.maxUploadMb);
  }

  @Get('template.csv')
  template(@Res() res: Response): void {
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', 'attachment; filename="assessments-template.csv"')
      .send(csvLine(IMPORT_COLUMNS));
  }

  /** The dry run of the file uploaded, shown at once (it is kept, to apply or discard later). */
  @Post()
  upload(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    return submitForm(req, res, {
      fields: { upload: uploadOf(req) },
      run: ({ upload }: { upload?: Upload }) => {
        if (!upload?.buffer.length) {
          throw fieldError('file', 'isNotEmpty', 'Choose a CSV or XLSX file to upload.');
        }
        return this.imports.dryRun(upload, principal);
      },
      done: (report) => ({
        status: 200,
        template: 'pages/transfers/show',
        view: importReportViewModel(report, csrfTokenFor(req)),
      }),
      again: {
        template: 'pages/transfers/new',
        view: ({ problems }) =>
          importFormViewModel(csrfTokenFor(req), problems, this.imports.maxUploadMb),
      },
    });
  }

  @Get(':id')
  @Render('pages/transfers/show')
  async show(
    @Req() req: Request,
    @Param('id', ImportIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportReportView> {
    return importReportViewModel(await this.imports.report(id, principal), csrfTokenFor(req));
  }

  @Post(':id/apply')
  apply(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', ImportIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    return submitForm(req, res, {
      run: () => this.imports.apply(id, principal),
      done: (done) => {
        const n = done.counts.written ?? 0;
        return {
          redirect: `/imports/${id}`,
          flash: {
            kind: 'success',
            text: `Imported ${n} assessment${n === 1 ? '' : 's'} from ${done.filename}${done.counts.unchanged ? ` (${done.counts.unchanged} unchanged lines skipped)` : ''}.`,
          },
        };
      },
      // The refusal carries the import as the apply found it: the file is not checked again.
      showAgainOn: ['conflict'],
      again: {
        template: 'pages/transfers/show',
        view: ({ error }) => {
          if (!(error instanceof ImportConflictError)) throw error;
          return importReportViewModel(error.report, csrfTokenFor(req), {
            message: error.message,
            problems: error.problems as LineProblem[],
          });
        },
      },
    });
  }

  @Post(':id/discard')
  discard(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', ImportIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    return submitForm(req, res, {
      run: () => this.imports.discard(id, principal),
      done: (done) => ({
        redirect: '/imports',
        flash: {
          kind: 'info',
          text: `Import #${done.id} (${done.filename}) was discarded; nothing of it was written.`,
        },
      }),
    });
  }
}
