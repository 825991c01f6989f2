import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, MinRole } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundError } from '../common/errors.js';
import { submitForm } from '../common/views/form-flow.js';
import { Role } from '../users/role.enum.js';
import {
  DOCUMENT_FIELD_LABELS,
  DocumentPagesService,
  documentFormFields,
} from './document-pages.service.js';
import { DocumentsService, type DocumentView } from './documents.service.js';
import { CreateDocumentDto, DocumentStepDto, UpdateDocumentDto } from './dto/document.dto.js';
import { IdPipe } from '../common/validation.js';

type Form = Record<string, unknown>;

function isStep(step: string): step is keyof typeof STEPS {
  return Object.hasOwn(STEPS, step);
}

/** The steps a document's page offers, what each does and what it says once done. */
const STEPS = {
  submit: { run: 'submit', done: 'Submitted for approval.' },
  approve: { run: 'approve', done: 'Approved. An admin may now issue it.' },
  return: { run: 'returnToDraft', done: 'Returned to draft.' },
  issue: { run: 'issue', done: 'Issued. Its PDF and HTML are kept as they are now, for good.' },
} as const;

/**
 * The documents pages: the list of those being written and those issued, a new document, and
 * each document's page with its narrative form and its steps (submit, approve, return, issue,
 * revise). Every form goes through the one form workflow.
 */
@ApiExcludeController()
@Controller('documents')
export class DocumentPagesController {
  constructor(
    private readonly pages: DocumentPagesService,
    private readonly documents: DocumentsService,
  ) {}

  @Get()
  async index(@Res() res: Response, @CurrentPrincipal() principal: Principal): Promise<void> {
    res.render('pages/documents/index', await this.pages.index(principal));
  }

  @Get('new')
  @MinRole(Role.Analyst)
  async newDocument(@Res() res: Response, @Query() query: Form): Promise<void> {
    const { kind, target } = query;
    res.render('pages/documents/new', await this.pages.newPage({ kind, target }));
  }

  @Post()
  @MinRole(Role.Analyst)
  create(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Form,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const { baseVersion: _, ...fields } = documentFormFields(body);
    return submitForm<CreateDocumentDto, DocumentView>(req, res, {
      dto: CreateDocumentDto,
      fields,
      labels: DOCUMENT_FIELD_LABELS,
      showAgainOn: ['invalid', 'notFound'],
      run: (dto) => this.documents.create(dto, principal),
      done: (doc) => ({
        redirect: `/documents/${doc.id}`,
        flash: { kind: 'success', text: `Draft ${doc.symbol} created. Write its narrative below.` },
      }),
      again: { template: 'pages/documents/new', view: (r) => this.pages.newPage(body, r.errors) },
    });
  }

  @Get(':id')
  async show(
    @Res() res: Response,
    @Param('id', IdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    res.render('pages/documents/show', await this.pages.page(id, principal));
  }

  /** The document as it would print now, marked as a draft (an issued one: as issued). */
  @Get(':id/preview')
  async preview(
    @Res() res: Response,
    @Param('id', IdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    res.type('html').send(await this.documents.preview(id, principal));
  }

  @Post(':id')
  @MinRole(Role.Analyst)
  save(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', IdPipe) id: number,
    @Body() body: Form,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const { kind: _k, target: _t, ...fields } = documentFormFields(body);
    return submitForm<UpdateDocumentDto, DocumentView>(req, res, {
      dto: UpdateDocumentDto,
      fields,
      labels: DOCUMENT_FIELD_LABELS,
      showAgainOn: ['invalid', 'staleVersion', 'conflict', 'notAllowed'],
      run: (dto) => this.documents.update(id, dto, principal),
      done: (doc) => ({
        redirect: `/documents/${doc.id}#narrative-heading`,
        flash: { kind: 'success', text: `Saved ${doc.symbol}.` },
      }),
      again: {
        template: 'pages/documents/show',
        view: (r) => this.pages.page(id, principal, { values: body, errors: r.errors }),
      },
    });
  }

  @Post(':id/revise')
  @MinRole(Role.Analyst)
  revise(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', IdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    return submitForm<object, DocumentView>(req, res, {
      showAgainOn: ['conflict'],
      run: () => this.documents.revise(id, principal),
      done: (doc) => ({
        redirect: `/documents/${doc.id}`,
        flash: { kind: 'success', text: `Revision ${doc.symbol} created as a draft.` },
      }),
      again: {
        template: 'pages/documents/show',
        view: (r) => this.pages.page(id, principal, { refusal: r.error.message }),
      },
    });
  }

  @Post(':id/:step')
  @MinRole(Role.Analyst)
  step(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', IdPipe) id: number,
    @Param('step') step: string,
    @Body() body: Form,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    if (!isStep(step)) throw new NotFoundError(`No step "${step}" of a document.`);
    const { run, done } = STEPS[step];
    return submitForm<DocumentStepDto, DocumentView>(req, res, {
      dto: DocumentStepDto,
      fields: { baseVersion: Number(body.baseVersion) },
      showAgainOn: ['invalid', 'staleVersion', 'conflict', 'notAllowed', 'unavailable'],
      run: (dto) => this.documents[run](id, dto.baseVersion, principal),
      done: (doc) => ({
        redirect: `/documents/${doc.id}`,
        flash: { kind: 'success', text: `${doc.symbol}: ${done}` },
      }),
      again: {
        template: 'pages/documents/show',
        view: (r) => this.pages.page(id, principal, { refusal: r.error.message }),
      },
    });
  }
}
