import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MatrixQueryDto } from '../progress/dto/progress-query.dto.js';
import { CONTENT_TYPES, ExportsService } from './exports.service.js';
import { sendExport } from './send-export.js';
import { ApiFileAnswer } from '../openapi/responses.js';

const HISTORY_DESCRIPTION =
  'Every assessment ever recorded, one per row, by recommendation, State and date. Columns: ref, iso3, status, assessedOn, note, evidenceUrl, evidenceCitation (the import columns, so the file can be imported again: its lines are all unchanged), then recordedAt and author. Internal notes are not exported.';
const MATRIX_DESCRIPTION =
  'One row per State (organisations last), first columns iso3 and name, then one column per recommendation ref; each cell is the status value as of `asOf` (default: now), empty where the State is not in scope.';

/** Downloads for programs: the same files as the Export page offers. */
@ApiTags('exports')
@Controller('api/v1/exports')
export class ExportsController {
  constructor(private readonly exportsService: ExportsService) {}

  @Get('history.csv')
  @ApiOperation({ summary: 'The full assessment history as CSV', description: HISTORY_DESCRIPTION })
  @ApiFileAnswer(CONTENT_TYPES.csv, 'UTF-8 CSV (RFC 4180) with a header row')
  async historyCsv(@Res() res: Response): Promise<void> {
    await sendExport(this.exportsService, res, await this.exportsService.history(), 'csv');
  }

  @Get('history.xlsx')
  @ApiOperation({
    summary: 'The full assessment history as XLSX',
    description: HISTORY_DESCRIPTION,
  })
  @ApiFileAnswer(CONTENT_TYPES.xlsx, 'An Excel workbook with one worksheet')
  async historyXlsx(@Res() res: Response): Promise<void> {
    await sendExport(this.exportsService, res, await this.exportsService.history(), 'xlsx');
  }

  @Get('matrix.csv')
  @ApiOperation({ summary: 'States x recommendations as CSV', description: MATRIX_DESCRIPTION })
  @ApiFileAnswer(CONTENT_TYPES.csv, 'UTF-8 CSV (RFC 4180) with a header row')
  @ApiBadRequestResponse({ description: 'An unknown event or theme, or a bad date' })
  async matrixCsv(@Res() res: Response, @Query() query: MatrixQueryDto): Promise<void> {
    await sendExport(this.exportsService, res, await this.exportsService.matrix(query), 'csv');
  }

  @Get('matrix.xlsx')
  @ApiOperation({ summary: 'States x recommendations as XLSX', description: MATRIX_DESCRIPTION })
  @ApiFileAnswer(CONTENT_TYPES.xlsx, 'An Excel workbook with one worksheet')
  @ApiBadRequestResponse({ description: 'An unknown event or theme, or a bad date' })
  async matrixXlsx(@Res() res: Response, @Query() query: MatrixQueryDto): Promise<void> {
    await sendExport(this.exportsService, res, await this.exportsService.matrix(query), 'xlsx');
  }
}
