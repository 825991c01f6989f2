import { formProblemsOf } from '../common/error-mapping.js';
import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { STATUS_INFO } from '../assessments/implementation-status.enum.js';
import {
  EVIDENCE_CITATION_MAX,
  EVIDENCE_URL_MAX,
  NOTE_MAX,
} from '../assessments/dto/record-assessment.dto.js';
import { csrfTokenFor } from '../auth/csrf.js';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { Role } from '../users/role.enum.js';
import { IMPORT_COLUMNS, MAX_UPLOAD_BYTES, type LineProblem } from './assessment-file.js';
import { csvLine } from './csv-writer.js';
import { ImportIdPipe } from './import-id.pipe.js';
import {
  ImportConflictError,
  ImportsService,
  type ImportReport,
  type ImportSummary,
} from './imports.service.js';
import { uploadOf } from './upload.middleware.js';

const COLUMN_HELP = [
  { name: 'ref', required: true, rule: 'the recommendation’s reference', example: 'JEW-II.9' },
  {
    name: 'iso3',
    required: true,
    rule: 'the State’s ISO 3166 alpha-3 code, or OSCE for the OSCE’s own line',
    example: 'KAZ',
  },
  {
    name: 'status',
    required: true,
    rule: `${STATUS_INFO.map((s) => s.value).join(', ')}; or the label, in any case (“Partially implemented”)`,
    example: 'partially_implemented',
  },
  {
    name: 'assessedOn',
    required: true,
    rule: 'the date the facts refer to, YYYY-MM-DD, not in the future',
    example: '2009-06-30',
  },
  { name: 'note', required: false, rule: `at most ${NOTE_MAX} characters`, example: 'Signed' },
  {
    name: 'evidenceUrl',
    required: false,
    rule: `an http(s) link, at most ${EVIDENCE_URL_MAX} characters`,
    example: 'https://example.org/treaty',
  },
  {
    name: 'evidenceCitation',
    required: false,
    rule: `at most ${EVIDENCE_CITATION_MAX} characters`,
    example: 'Note verbale of 12 March 2009',
  },
];

const STATUS_TEXT: Record<ImportSummary['status'], string> = {
  'dry-run': 'Dry run: not applied yet',
  applied: 'Applied',
  discarded: 'Discarded',
};

/** An ISO timestamp as the pages show it: "2009-06-30 14:05 UTC". */
function shownTime(iso: string | null): string | null {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : null;
}

interface Refusal {
  message: string;
  problems: LineProblem[];
}

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
  async index(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const imports = await this.imports.list(principal);
    res.render('pages/transfers/index', {
      title: 'Imports',
      isAdmin: principal.role === Role.Admin,
      imports: imports.map((i) => ({
        ...i,
        createdAt: shownTime(i.createdAt),
        appliedAt: shownTime(i.appliedAt),
        statusText: STATUS_TEXT[i.status],
      })),
      csrfToken: csrfTokenFor(req),
    });
  }

  @Get('new')
  form(@Req() req: Request, @Res() res: Response): void {
    this.renderForm(req, res, []);
  }

  @Get('template.csv')
  template(@Res() res: Response): void {
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', 'attachment; filename="assessments-template.csv"')
      .send(csvLine(IMPORT_COLUMNS));
  }

  @Post()
  @HttpCode(200)
  async upload(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const upload = uploadOf(req);
    if (!upload || upload.buffer.length === 0) {
      res.status(400);
      return this.renderForm(req, res, [
        {
          line: 0,
          field: 'file',
          rule: 'isNotEmpty',
          message: 'Choose a CSV or XLSX file to upload.',
        },
      ]);
    }
    try {
      const report = await this.imports.dryRun(upload, principal);
      this.renderReport(req, res, report);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      res.status(400);
      this.renderForm(
        req,
        res,
        problems.map((p) => ({ line: 'line' in p ? Number(p.line) : 0, ...p })),
      );
    }
  }

  @Get(':id')
  async show(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', ImportIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    this.renderReport(req, res, await this.imports.report(id, principal));
  }

  @Post(':id/apply')
  async apply(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', ImportIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    try {
      const done = await this.imports.apply(id, principal);
      const n = done.counts.written ?? 0;
      req.session.flash = {
        kind: 'success',
        text: `Imported ${n} assessment${n === 1 ? '' : 's'} from ${done.filename}${done.counts.unchanged ? ` (${done.counts.unchanged} unchanged lines skipped)` : ''}.`,
      };
      res.redirect(303, `/imports/${id}`);
    } catch (err) {
      // The refusal carries the import as the apply found it: the file is not checked again.
      if (!(err instanceof ImportConflictError)) throw err;
      res.status(409);
      this.renderReport(req, res, err.report, {
        message: err.message,
        problems: err.problems as LineProblem[],
      });
    }
  }

  @Post(':id/discard')
  async discard(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', ImportIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const done = await this.imports.discard(id, principal);
    req.session.flash = {
      kind: 'info',
      text: `Import #${done.id} (${done.filename}) was discarded; nothing of it was written.`,
    };
    res.redirect(303, '/imports');
  }

  private renderForm(req: Request, res: Response, problems: LineProblem[]): void {
    res.render('pages/transfers/new', {
      title: 'Import assessments',
      csrfToken: csrfTokenFor(req),
      maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
      columns: COLUMN_HELP,
      problems,
    });
  }

  private renderReport(req: Request, res: Response, report: ImportReport, refusal?: Refusal): void {
    const isDryRun = report.status === 'dry-run';
    res.render('pages/transfers/show', {
      title: `Import #${report.id} · ${report.filename}`,
      report: {
        id: report.id,
        filename: report.filename,
        format: report.format.toUpperCase(),
        uploadedBy: report.uploadedBy,
        createdAt: shownTime(report.createdAt),
        appliedAt: shownTime(report.appliedAt),
        statusText: STATUS_TEXT[report.status],
      },
      counts: report.counts,
      isDryRun,
      isApplied: report.status === 'applied',
      changes: report.changes,
      problems: report.problems,
      canApply: isDryRun && report.problems.length === 0 && report.counts.changes > 0,
      nothingToDo: isDryRun && report.problems.length === 0 && report.counts.changes === 0,
      canDiscard: isDryRun,
      refusal,
      csrfToken: csrfTokenFor(req),
    });
  }
}
