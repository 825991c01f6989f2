import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { fieldError } from '../common/errors.js';
import { Role } from '../users/role.enum.js';
import { ImportUploadDto } from './dto/upload.dto.js';
import { ImportIdPipe } from './import-id.pipe.js';
import { ImportsService, type ImportReport, type ImportSummary } from './imports.service.js';
import { RAW_UPLOAD_TYPES, uploadOf } from './upload.middleware.js';
import { ApiAnswer, ApiCreated } from '../openapi/responses.js';

export const NO_FILE_MESSAGE =
  'Send a CSV or XLSX file: a multipart form with the file in field "file", or the file itself as ' +
  'the body (Content-Type text/csv, or the XLSX type) naming it with ?filename=';

@ApiTags('imports')
@Controller('api/v1/imports')
@MinRole(Role.Analyst)
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @ApiOperation({
    summary: 'Upload a CSV or XLSX file of assessments for a dry run',
    description:
      'Nothing is written to the assessments: every line is checked and the answer lists the lines that would change (current status → new status, and whether it becomes current) and every bad line with its field and rule. Lines equal to an assessment already recorded are counted as unchanged. The file is kept; apply it with POST /api/v1/imports/{id}/apply. A bad header or a file without data lines is refused with 400 and nothing is kept. Instead of a multipart form, the body may be the file itself (Content-Type text/csv, or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), named with ?filename=.',
  })
  @ApiConsumes('multipart/form-data', ...RAW_UPLOAD_TYPES)
  @ApiBody({ type: ImportUploadDto })
  @ApiQuery({
    name: 'filename',
    required: false,
    description: 'The file name, when the body is the file itself',
  })
  @ApiBadRequestResponse({
    description:
      'No file, a bad header (line 1) or no data lines; each problem names line, field and rule',
  })
  @ApiPayloadTooLargeResponse({ description: 'The file is larger than 20 MB' })
  @ApiForbiddenResponse({ description: 'A viewer' })
  @ApiCreated(
    'ImportReport',
    'The dry run: id, status, counts, changes[], problems[]',
    (r: ImportReport) => `/api/v1/imports/${r.id}`,
  )
  create(@Req() req: Request, @CurrentPrincipal() principal: Principal): Promise<ImportReport> {
    const upload = uploadOf(req);
    if (!upload) throw fieldError('file', 'isNotEmpty', NO_FILE_MESSAGE);
    return this.imports.dryRun(upload, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Recent imports, newest first (yours; an admin sees everyone’s)' })
  @ApiAnswer(200, ['ImportSummary'], 'The imports, newest first')
  list(@CurrentPrincipal() principal: Principal): Promise<ImportSummary[]> {
    return this.imports.list(principal);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One import',
    description:
      'Not yet applied: checked again against the database now, so it shows what applying it would do, including pairs assessed by someone else since the dry run (rule "stale").',
  })
  @ApiNotFoundResponse({ description: 'No such import' })
  @ApiForbiddenResponse({ description: 'Uploaded by someone else (only an admin may see it)' })
  @ApiAnswer(200, 'ImportReport', 'The import and its report')
  report(
    @Param('id', ImportIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportReport> {
    return this.imports.report(id, principal);
  }

  @Post(':id/apply')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Apply a dry run: all of it in one transaction, or nothing',
    description:
      'Every line is checked again. If any line is bad now, if the dry run had bad lines, or if a pair it changes was assessed since the dry run, nothing is written and the answer is 409 with the reasons in `errors`. Otherwise every changed line becomes an assessment attributed to the caller.',
  })
  @ApiConflictResponse({ description: 'Refused, nothing written; or already applied or discarded' })
  @ApiNotFoundResponse({ description: 'No such import' })
  @ApiForbiddenResponse({ description: 'Uploaded by someone else (only an admin may apply it)' })
  @ApiAnswer(200, 'ImportReport', 'Applied: counts.written assessments were recorded')
  apply(
    @Param('id', ImportIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportReport> {
    return this.imports.apply(id, principal);
  }

  @Post(':id/discard')
  @HttpCode(200)
  @ApiOperation({ summary: 'Discard a dry run: it can no longer be applied' })
  @ApiConflictResponse({ description: 'Already applied or discarded' })
  @ApiNotFoundResponse({ description: 'No such import' })
  @ApiAnswer(200, 'ImportSummary', 'Discarded')
  discard(
    @Param('id', ImportIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportSummary> {
    return this.imports.discard(id, principal);
  }
}
