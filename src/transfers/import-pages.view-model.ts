import { STATUS_INFO } from '../assessments/implementation-status.enum.js';
import {
  EVIDENCE_CITATION_MAX,
  EVIDENCE_URL_MAX,
  NOTE_MAX,
} from '../assessments/dto/record-assessment.dto.js';
import type { FieldProblem } from '../common/errors.js';
import { SOURCE_MAX } from '../measures/facts.js';
import { DEFAULT_MAX_UPLOAD_MB, type LineProblem } from './assessment-file.js';
import type { ImportCounts } from './import.entity.js';
import type { ImportChange, ImportReport, ImportSummary } from './imports.service.js';

/** One column of the import file, as the upload page explains it. */
export interface ColumnHelp {
  name: string;
  required: boolean;
  rule: string;
  example: string;
}

const COLUMN_HELP: ColumnHelp[] = [
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
    rule: `${STATUS_INFO.map((s) => s.value).join(', ')}; or the label, in any case (“Partially implemented”). May be left empty on a line with a fact: the status the measure derives`,
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
  {
    name: 'instrument',
    required: false,
    rule: 'milestones: the instrument, by key or label; may be left empty when the measure has only one',
    example: 'caricc-agreement',
  },
  {
    name: 'milestone',
    required: false,
    rule: 'milestones: the step the instrument reached on the date, by key or label',
    example: 'ratified',
  },
  {
    name: 'count',
    required: false,
    rule: 'count: the total on the date (not an increase), a whole number',
    example: '3',
  },
  {
    name: 'places',
    required: false,
    rule: 'count: the places the count covers, separated by “;”',
    example: 'Kabul; Tashkent; Tehran',
  },
  {
    name: 'rating',
    required: false,
    rule: 'rating: the rating on the scale, by code or label (FATF: C, LC, PC, NC, NA)',
    example: 'LC',
  },
  {
    name: 'source',
    required: false,
    rule: `rating: the source document the rating comes from, at most ${SOURCE_MAX} characters`,
    example: 'FATF mutual evaluation report, June 2024',
  },
  {
    name: 'overrideReason',
    required: false,
    rule: `why the status differs from the one the facts give (an override), at most ${NOTE_MAX} characters`,
    example: 'Ratified, but the implementing law is still missing',
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

/** Why applying an import was refused, shown above its report. */
export interface ImportRefusal {
  message: string;
  problems: LineProblem[];
}

export interface ImportsListView {
  title: string;
  isAdmin: boolean;
  imports: (Omit<ImportSummary, 'createdAt' | 'appliedAt'> & {
    createdAt: string | null;
    appliedAt: string | null;
    statusText: string;
  })[];
  csrfToken: string;
}

export interface ImportFormView {
  title: string;
  csrfToken: string;
  maxMb: number;
  columns: ColumnHelp[];
  problems: LineProblem[];
}

export interface ImportReportView {
  title: string;
  report: {
    id: number;
    filename: string;
    format: string;
    uploadedBy: string;
    createdAt: string | null;
    appliedAt: string | null;
    statusText: string;
  };
  counts: ImportCounts;
  isDryRun: boolean;
  isApplied: boolean;
  changes: ImportChange[];
  problems: LineProblem[];
  canApply: boolean;
  nothingToDo: boolean;
  canDiscard: boolean;
  refusal: ImportRefusal | undefined;
  csrfToken: string;
}

/** The imports list: the user's own (an admin's: everyone's), the latest first. */
export function importsListViewModel(
  imports: ImportSummary[],
  isAdmin: boolean,
  csrfToken: string,
): ImportsListView {
  return {
    title: 'Imports',
    isAdmin,
    imports: imports.map((i) => ({
      ...i,
      createdAt: shownTime(i.createdAt),
      appliedAt: shownTime(i.appliedAt),
      statusText: STATUS_TEXT[i.status],
    })),
    csrfToken,
  };
}

/** The upload form with its columns explained, and the problems of a file refused. */
export function importFormViewModel(
  csrfToken: string,
  problems: readonly FieldProblem[] = [],
  maxMb = DEFAULT_MAX_UPLOAD_MB,
): ImportFormView {
  return {
    title: 'Import assessments',
    csrfToken,
    maxMb,
    columns: COLUMN_HELP,
    // A problem of the file as a whole (none of its lines) is on line 0.
    problems: problems.map((p) => ({ ...p, line: p.line ?? 0 })),
  };
}

/** An import's dry run or outcome: its counts, every change and every bad line. */
export function importReportViewModel(
  report: ImportReport,
  csrfToken: string,
  refusal?: ImportRefusal,
): ImportReportView {
  const isDryRun = report.status === 'dry-run';
  return {
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
    csrfToken,
  };
}
