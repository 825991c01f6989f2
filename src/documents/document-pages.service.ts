import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import type { FormErrors } from '../common/views/forms.js';
import { Event } from '../events/event.entity.js';
import { hasRole, Role } from '../users/role.enum.js';
import {
  DOCUMENT_KINDS,
  MARKINGS,
  type DocumentKind,
  type DocumentOptions,
} from './document.entity.js';
import {
  DocumentsService,
  languageName,
  MARKING_LABELS,
  STAGE_LABELS,
  type DocumentView,
} from './documents.service.js';
import { narrativeHtml } from './markdown.js';

export const KIND_LABELS: Record<DocumentKind, string> = {
  event: 'Progress report on an event',
  state: 'State report',
  theme: 'Theme report',
  recommendation: 'Recommendation report',
  period: 'Period report (what moved between two dates)',
};

/** The labels of the document forms' fields, for the messages. */
export const DOCUMENT_FIELD_LABELS: Record<string, string> = {
  kind: 'Report',
  target: 'About',
  title: 'Title',
  marking: 'Distribution',
  language: 'Language',
  asOf: 'As of',
  compareWith: 'Compared with',
  from: 'From',
  to: 'To',
  'options.asOf': 'As of',
  'options.compareWith': 'Compared with',
  'options.from': 'From',
  'options.to': 'To',
  'options.annex': 'Annex of ratings',
  introduction: 'Introduction',
  conclusions: 'Conclusions',
  overallConclusion: 'Overall conclusion',
  baseVersion: 'Version',
};

const DATE_FIELDS: { field: keyof DocumentOptions; label: string; hint: string }[] = [
  { field: 'asOf', label: 'As of', hint: 'YYYY-MM-DD; empty for the day it is printed' },
  { field: 'compareWith', label: 'Compared with', hint: 'YYYY-MM-DD; empty for a year before' },
  { field: 'from', label: 'From', hint: 'Period report: YYYY-MM-DD; empty for the last one’s end' },
  { field: 'to', label: 'To', hint: 'Period report: YYYY-MM-DD; empty for today' },
];

type Values = Record<string, unknown>;

const STAGE_TAGS: Record<DocumentView['stage'], string> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  approved: 'govuk-tag--turquoise',
  issued: 'govuk-tag--green',
};

/** The form fields of a conclusion: `conclusion-<ref>` (and `conclusion-state`). */
export const CONCLUSION_FIELD = 'conclusion-';

/** The conclusions a form sent, by ref. */
export function conclusionsOf(body: Values): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([key, value]) => key.startsWith(CONCLUSION_FIELD) && typeof value === 'string')
      .map(([key, value]) => [key.slice(CONCLUSION_FIELD.length), value as string]),
  );
}

/** A document form's fields as the API's DTO takes them (dates under `options`). */
export function documentFormFields(body: Values): Values {
  const text = (key: string): string | undefined =>
    typeof body[key] === 'string' ? body[key] : undefined;
  const options = {
    ...Object.fromEntries(
      DATE_FIELDS.map(({ field }) => [field, text(field)?.trim() || undefined]),
    ),
    annex: text('annex') || undefined,
  };
  return {
    kind: text('kind'),
    target: text('target'),
    title: text('title'),
    marking: text('marking'),
    language: text('language') || undefined,
    options,
    introduction: text('introduction'),
    overallConclusion: text('overallConclusion'),
    conclusions: conclusionsOf(body),
    baseVersion: body.baseVersion === undefined ? undefined : Number(body.baseVersion),
  };
}

/** The date fields of a report kind: a period's from and to, else as of and compared with. */
function dates(values: Values, errors?: FormErrors, kind?: DocumentKind) {
  const fields = kind
    ? DATE_FIELDS.filter((d) => (kind === 'period') === (d.field === 'from' || d.field === 'to'))
    : DATE_FIELDS;
  return fields.map(({ field, label, hint }) => ({
    field,
    label,
    hint,
    value: typeof values[field] === 'string' ? values[field] : '',
    error: errors?.byField[field] ?? errors?.byField[`options.${field}`] ?? null,
  }));
}

function markings(selected: unknown) {
  return MARKINGS.map((value) => ({
    value,
    label: MARKING_LABELS[value],
    selected: value === selected,
  }));
}

/** The page of one document, as its template reads it. */
export interface DocumentPageView {
  title: string;
  doc: DocumentView;
  stageLabel: string;
  stageClass: string;
  kindLabel: string;
  aboutHref: string | null;
  datesText: string;
  markingLabel: string;
  languageName: string;
  actions: { action: string; label: string; secondary: boolean }[];
  whyNot: string | null;
  editable: boolean;
  baseVersion: number;
  values: Values;
  errors?: FormErrors;
  dates: ReturnType<typeof dates>;
  markings: ReturnType<typeof markings>;
  /** Event and theme reports: how the annex of ratings prints. */
  annexes: { value: string; label: string; selected: boolean }[] | null;
  conclusions: { id: string; name: string; label: string; value: string; error: string | null }[];
  narrative: { label: string; html: string }[];
  confirmation: string | null;
  refusal: string | null;
}

/** What the page shows again after a refusal: the user's values and the messages. */
export interface DocumentPageState {
  values?: Values;
  errors?: FormErrors;
  /** A step refused (a stale version, a stage that does not allow it). */
  refusal?: string;
  confirmation?: string | null;
}

/**
 * The documents pages' view-models: the list (being written and issued), the new-document form
 * and a document's page with the steps the reader may take.
 */
@Injectable()
export class DocumentPagesService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly dataSource: DataSource,
  ) {}

  async index(principal: Principal) {
    const all = await this.documents.list({ page: 1, pageSize: 500 }, principal);
    const row = (d: DocumentView) => ({
      ...d,
      href: `/documents/${d.id}`,
      stageLabel: STAGE_LABELS[d.stage],
      stageClass: STAGE_TAGS[d.stage],
      markingLabel: MARKING_LABELS[d.marking],
      issuedOn: d.issuedAt?.slice(0, 10) ?? null,
      pdfUrl: d.issued?.pdfUrl,
      htmlUrl: d.issued?.htmlUrl,
    });
    return {
      title: 'Documents',
      canWrite: hasRole(principal.role, Role.Analyst),
      inProgress: all.items.filter((d) => d.stage !== 'issued').map(row),
      issued: all.items
        .filter((d) => d.stage === 'issued')
        .sort((a, b) => (b.issuedAt ?? '').localeCompare(a.issuedAt ?? ''))
        .map(row),
    };
  }

  /** The new-document form, from a link (`?kind=state&target=KAZ`) or shown again. */
  async newPage(values: Values, errors?: FormErrors) {
    const kind = DOCUMENT_KINDS.includes(values.kind as DocumentKind)
      ? (values.kind as DocumentKind)
      : 'event';
    const events = await this.dataSource
      .getRepository(Event)
      .find({ select: { slug: true, title: true }, order: { startDate: 'DESC' }, take: 200 });
    return {
      title: 'New document',
      values: { marking: 'internal', language: 'en', ...values },
      errors,
      kinds: DOCUMENT_KINDS.map((value) => ({
        value,
        label: KIND_LABELS[value],
        selected: value === kind,
      })),
      targets: events.map((e) => ({ value: e.slug, label: e.title })),
      markings: markings(values.marking ?? 'internal'),
      dates: dates(values, errors),
    };
  }

  async page(
    id: number,
    principal: Principal,
    state: DocumentPageState = {},
  ): Promise<DocumentPageView> {
    const doc = await this.documents.get(id, principal);
    const isAdmin = hasRole(principal.role, Role.Admin);
    const isAuthor = doc.author === principal.name;
    const mayWrite = hasRole(principal.role, Role.Analyst) && (isAuthor || isAdmin);
    const topics = await this.documents.topics(id, principal);
    const slots = [
      ...(doc.kind === 'state' ? [{ ref: 'state', title: `On ${doc.target} as a whole` }] : []),
      ...topics,
    ];
    const values: Values = state.values ?? {
      title: doc.title,
      marking: doc.marking,
      language: doc.language,
      introduction: doc.introduction,
      overallConclusion: doc.overallConclusion,
      ...doc.options,
    };
    const sentConclusions = state.values ? conclusionsOf(state.values) : doc.conclusions;
    const actions: DocumentPageView['actions'] = [];
    let whyNot: string | null = null;
    if (doc.stage === 'draft' && mayWrite) {
      actions.push({ action: 'submit', label: 'Submit for approval', secondary: false });
    }
    if (doc.stage === 'submitted') {
      if (isAdmin && !isAuthor)
        actions.push({ action: 'approve', label: 'Approve', secondary: false });
      else
        whyNot = isAuthor
          ? 'Waiting for approval by an admin other than you.'
          : 'Waiting for approval by an admin other than its author.';
    }
    if (doc.stage === 'approved') {
      if (isAdmin) actions.push({ action: 'issue', label: 'Issue', secondary: false });
      else whyNot = 'Approved: an admin issues it.';
    }
    if ((doc.stage === 'submitted' || doc.stage === 'approved') && mayWrite) {
      actions.push({ action: 'return', label: 'Return to draft', secondary: true });
    }
    if (doc.stage === 'issued' && !doc.supersededBy && hasRole(principal.role, Role.Analyst)) {
      actions.push({ action: 'revise', label: 'Correct it with a revision', secondary: true });
    }
    const o = doc.options;
    return {
      title: `${doc.symbol} · ${doc.title}`,
      doc,
      stageLabel: STAGE_LABELS[doc.stage],
      stageClass: STAGE_TAGS[doc.stage],
      kindLabel: KIND_LABELS[doc.kind],
      aboutHref: aboutHref(doc),
      datesText:
        doc.kind === 'period'
          ? `From ${o.from ?? 'a year before'} to ${o.to ?? 'the day it is printed'}`
          : `As of ${o.asOf ?? 'the day it is printed'}, compared with ${o.compareWith ?? 'a year before'}`,
      markingLabel: MARKING_LABELS[doc.marking],
      languageName: languageName(doc.language),
      actions,
      whyNot,
      editable: doc.stage === 'draft' && mayWrite,
      baseVersion: doc.version,
      values,
      errors: state.errors,
      dates: dates(values, state.errors, doc.kind),
      markings: markings(values.marking),
      annexes:
        doc.kind === 'event' || doc.kind === 'theme'
          ? [
              { value: 'heatmap', label: 'A heatmap of the ratings' },
              { value: 'table', label: 'A table of rating codes' },
            ].map((a) => ({ ...a, selected: a.value === (values.annex ?? 'heatmap') }))
          : null,
      conclusions: slots.map((t) => ({
        id: `${CONCLUSION_FIELD}${t.ref}`,
        name: `${CONCLUSION_FIELD}${t.ref}`,
        label: t.ref === 'state' ? t.title : `${t.ref} ${t.title}`,
        value: sentConclusions[t.ref] ?? '',
        error: state.errors?.byField[`conclusions.${t.ref}`] ?? null,
      })),
      narrative: [
        { label: 'Introduction', html: narrativeHtml(doc.introduction) },
        ...slots.map((t) => ({
          label: t.ref === 'state' ? t.title : `${t.ref} ${t.title}`,
          html: narrativeHtml(doc.conclusions[t.ref]),
        })),
        { label: 'Overall conclusion', html: narrativeHtml(doc.overallConclusion) },
      ].filter((n) => n.html !== ''),
      confirmation: state.confirmation ?? null,
      // Messages about the narrative of a document no longer a draft (no form to show them
      // beside): said at the top instead.
      refusal:
        state.refusal ??
        (state.errors && !(doc.stage === 'draft' && mayWrite) ? state.errors.all.join(' ') : null),
    };
  }
}

/** The page of what the document is about. */
function aboutHref(doc: DocumentView): string | null {
  const t = encodeURIComponent(doc.target);
  switch (doc.kind) {
    case 'event':
      return `/events/${t}`;
    case 'state':
      return `/states/${t}`;
    case 'theme':
      return `/themes/${t}`;
    case 'recommendation':
      return `/recommendations/${t}`;
    default:
      return null;
  }
}
