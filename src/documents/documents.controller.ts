import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
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
import { ApiAnswer, ApiCreated, ApiFileAnswer } from '../openapi/responses.js';

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
  @ApiAnswer(200, 'DocumentPage', 'A page of documents')
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
  @ApiBadRequestResponse({ description: 'A field breaks a rule; each is named' })
  @ApiNotFoundResponse({ description: 'The event, theme, State or recommendation is unknown' })
  @ApiCreated('DocumentView', 'The draft', (d: DocumentView) => `/api/v1/documents/${d.id}`)
  create(
    @Body() dto: CreateDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DocumentView> {
    return this.documents.create(dto, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One document: its stage, options, narrative and issued files' })
  @ApiNotFoundResponse({ description: 'Unknown id (or, for a viewer, not issued)' })
  @ApiAnswer(200, 'DocumentView', 'The document')
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
  @ApiAnswer(200, 'DocumentView', 'The draft, changed')
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
  @ApiConflictResponse({ description: 'Stale baseVersion, or not a draft' })
  @ApiAnswer(200, 'DocumentView', 'The document, submitted')
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
  @ApiAnswer(200, 'DocumentView', 'The document, approved')
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
  @ApiAnswer(200, 'DocumentView', 'The document, a draft again')
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
  @ApiAnswer(200, 'DocumentView', 'The document, issued')
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
  @ApiConflictResponse({ description: 'Not issued, superseded, or a revision is in progress' })
  @ApiCreated(
    'DocumentView',
    'The new draft revision',
    (d: DocumentView) => `/api/v1/documents/${d.id}`,
  )
  revise(
    @Param('id', IdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DocumentView> {
    return this.documents.revise(id, principal);
  }

  @Get(':id/issued.pdf')
  @ApiFileAnswer('application/pdf', 'The PDF as issued')
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
  @ApiFileAnswer('text/html', 'The HTML as issued')
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
