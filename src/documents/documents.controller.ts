import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import type { Page } from '../common/paging.js';
import { Role } from '../users/role.enum.js';
import { DocumentsService, type DocumentView, type IssuedFile } from './documents.service.js';
import { CreateDocumentDto, DocumentStepDto, UpdateDocumentDto } from './dto/document.dto.js';
import { ListDocumentsQueryDto } from './dto/list-documents-query.dto.js';
import { IdPipe } from '../common/validation.js';

/** The answer for a file of an issued document: its bytes as issued, and their SHA-256. */
function sendIssued(res: Response, file: IssuedFile): void {
  res
    .type(file.contentType)
    .set('Content-Disposition', `inline; filename="${file.fileName}"`)
    .set('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
    .set('ETag', `"${file.sha256}"`)
    .send(file.body);
}

@ApiTags('documents')
@Controller('api/v1/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @ApiOperation({
    summary: 'Report documents, the latest change first',
    description: 'Viewers see the issued ones only; analysts and admins every stage.',
  })
  list(
    @Query() query: ListDocumentsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<DocumentView>> {
    return this.documents.list(query, principal);
  }

  @Post()
  @MinRole(Role.Analyst)
  @ApiOperation({
    summary: 'Create a draft document from a report kind and its options, with its narrative',
    description:
      'The symbol takes the next number of the year. The narrative fields are Markdown; HTML in them is printed as text.',
  })
  @ApiCreatedResponse({ description: 'The draft; Location is its address' })
  @ApiBadRequestResponse({ description: 'A field breaks a rule; each is named' })
  @ApiNotFoundResponse({ description: 'The event, theme, State or recommendation is unknown' })
  async create(
    @Body() dto: CreateDocumentDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentView> {
    const doc = await this.documents.create(dto, principal);
    res.location(`/api/v1/documents/${doc.id}`);
    return doc;
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'Unknown id (or, for a viewer, not issued)' })
  get(
    @Param('id', IdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DocumentView> {
    return this.documents.get(id, principal);
  }

  @Patch(':id')
  @MinRole(Role.Analyst)
  @ApiOperation({ summary: 'Change a draft (its author or an admin)' })
  @ApiConflictResponse({ description: 'Stale baseVersion, or the document is not a draft' })
  @ApiForbiddenResponse({ description: 'Neither its author nor an admin' })
  update(
    @Param('id', IdPipe) id: number,
    @Body() dto: UpdateDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DocumentView> {
    return this.documents.update(id, dto, principal);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @MinRole(Role.Analyst)
  @ApiOperation({ summary: 'Send a draft for approval (its author or an admin)' })
  @ApiOkResponse({ description: 'The document, submitted' })
  @ApiConflictResponse({ description: 'Stale baseVersion, or not a draft' })
  submit(
    @Param('id', IdPipe) id: number,
    @Body() dto: DocumentStepDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DocumentView> {
    return this.documents.submit(id, dto.baseVersion, principal);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @MinRole(Role.Admin)
  @ApiOperation({ summary: 'Approve a submitted document: an admin other than its author' })
  @ApiForbiddenResponse({ description: 'Not an admin, or the document’s author' })
  @ApiConflictResponse({ description: 'Stale baseVersion, or not submitted' })
  approve(
    @Param('id', IdPipe) id: number,
    @Body() dto: DocumentStepDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DocumentView> {
    return this.documents.approve(id, dto.baseVersion, principal);
  }

  @Post(':id/return')
  @HttpCode(200)
  @MinRole(Role.Analyst)
  @ApiOperation({ summary: 'Send a submitted or approved document back to draft' })
  @ApiConflictResponse({ description: 'Stale baseVersion, or a draft or issued document' })
  returnToDraft(
    @Param('id', IdPipe) id: number,
    @Body() dto: DocumentStepDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DocumentView> {
    return this.documents.returnToDraft(id, dto.baseVersion, principal);
  }

  @Post(':id/issue')
  @HttpCode(200)
  @MinRole(Role.Admin)
  @ApiOperation({
    summary: 'Issue an approved document: its HTML and PDF are stored and never change',
  })
  @ApiConflictResponse({ description: 'Stale baseVersion, or not approved' })
  @ApiServiceUnavailableResponse({ description: 'No PDF can be printed now (Retry-After)' })
  issue(
    @Param('id', IdPipe) id: number,
    @Body() dto: DocumentStepDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DocumentView> {
    return this.documents.issue(id, dto.baseVersion, principal);
  }

  @Post(':id/revise')
  @MinRole(Role.Analyst)
  @ApiOperation({
    summary: 'Start a correction of an issued document: a new draft, its next revision',
  })
  @ApiCreatedResponse({ description: 'The new draft revision; Location is its address' })
  @ApiConflictResponse({ description: 'Not issued, superseded, or a revision is in progress' })
  async revise(
    @Param('id', IdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentView> {
    const doc = await this.documents.revise(id, principal);
    res.location(`/api/v1/documents/${doc.id}`);
    return doc;
  }

  @Get(':id/issued.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The PDF as issued, with its SHA-256 in Repr-Digest and ETag' })
  @ApiNotFoundResponse({ description: 'Unknown id, or not issued' })
  async issuedPdf(
    @Param('id', IdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    sendIssued(res, await this.documents.issuedFile(id, 'pdf', principal));
  }

  @Get(':id/issued.html')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The HTML as issued (its stylesheet inside), with its SHA-256' })
  @ApiNotFoundResponse({ description: 'Unknown id, or not issued' })
  async issuedHtml(
    @Param('id', IdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    sendIssued(res, await this.documents.issuedFile(id, 'html', principal));
  }
}
