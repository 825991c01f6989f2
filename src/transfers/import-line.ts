import { isURL } from 'class-validator';
import {
  EVIDENCE_CITATION_MAX,
  EVIDENCE_URL_MAX,
  NOTE_MAX,
} from '../assessments/dto/record-assessment.dto.js';
import {
  ImplementationStatus,
  STATUS_INFO,
  STATUS_VALUES,
} from '../assessments/implementation-status.enum.js';
import { isIsoDate } from '../common/dates.js';
import { FACT_FIELDS, type FactField } from '../measures/dto/fact.dto.js';
import { textProblem } from '../common/text.js';
import { truncate, type FileLine, type LineProblem } from './assessment-file.js';

/** A line whose fields all keep the rules, before the database is asked about it. */
export interface LineValues {
  ref: string;
  /** ISO3 code or organisation acronym, upper case. */
  iso3: string;
  /** Null when left empty on a line with a fact: the status its measure derives. */
  status: ImplementationStatus | null;
  assessedOn: string;
  note: string | null;
  evidenceUrl: string | null;
  evidenceCitation: string | null;
  /** The fact columns given (non-empty), checked against the measure by the plan. */
  fact: Partial<Record<FactField, string>> | null;
  overrideReason: string | null;
}

const STATUS_BY_TEXT = new Map<string, ImplementationStatus>(
  STATUS_INFO.flatMap((s) => [
    [s.value, s.value],
    [s.label.toLowerCase(), s.value],
  ]),
);

export const STATUS_RULE_TEXT =
  `one of: ${STATUS_VALUES.join(', ')}, or their labels ` +
  `(${STATUS_INFO.map((s) => `"${s.label}"`).join(', ')}) in any case`;

/** A status by its value (`partially_implemented`) or its label, in any case. */
export function parseStatus(text: string): ImplementationStatus | null {
  const key = text.trim().replace(/\s+/g, ' ').toLowerCase();
  return STATUS_BY_TEXT.get(key) ?? null;
}

/**
 * Checks one line's fields with the rules of the API (a real date not in the future, the same
 * length limits, an http(s) evidence URL). Returns every problem, or the values when there is none.
 */
export function checkFields(
  line: FileLine,
  today: string,
): { values: LineValues; problems: [] } | { values?: undefined; problems: LineProblem[] } {
  const problems: LineProblem[] = [...line.problems];
  const problem = (field: string, rule: string, message: string): void => {
    problems.push({ line: line.line, field, rule, message });
  };
  const v = line.values;
  // The text rule of the API and the forms: a character that cannot be stored, in any column.
  for (const [field, value] of Object.entries(v)) {
    const unstorable = value ? textProblem(field, value) : null;
    if (unstorable) problems.push({ line: line.line, ...unstorable });
  }
  const ref = v.ref ?? '';
  const iso3 = (v.iso3 ?? '').toUpperCase();
  const statusText = v.status ?? '';
  const assessedOn = v.assessedOn ?? '';
  if (ref === '') problem('ref', 'isNotEmpty', 'ref must not be empty');
  if (iso3 === '') problem('iso3', 'isNotEmpty', 'iso3 must not be empty');

  const factValues: Partial<Record<FactField, string>> = {};
  for (const field of FACT_FIELDS) {
    const value = v[field];
    if (value) factValues[field] = value;
  }
  const fact = Object.keys(factValues).length > 0 ? factValues : null;
  const overrideReason = v.overrideReason || null;

  const status = parseStatus(statusText);
  if (statusText === '' && overrideReason) {
    problem(
      'status',
      'isNotEmpty',
      'status must not be empty: an override names the status it sets',
    );
  } else if (statusText === '' && !fact) {
    problem(
      'status',
      'isNotEmpty',
      `status must not be empty (unless the line has a fact): ${STATUS_RULE_TEXT}`,
    );
  } else if (statusText !== '' && !status) {
    problem('status', 'isIn', `status "${truncate(statusText)}" is not ${STATUS_RULE_TEXT}`);
  }

  if (assessedOn === '') problem('assessedOn', 'isNotEmpty', 'assessedOn must not be empty');
  else if (!isIsoDate(assessedOn)) {
    problem(
      'assessedOn',
      'isIsoDate',
      `assessedOn "${truncate(assessedOn)}" must be a real date written YYYY-MM-DD`,
    );
  } else if (assessedOn > today) {
    problem('assessedOn', 'notInFuture', `assessedOn ${assessedOn} must not be in the future`);
  }

  const note = v.note || null;
  if (note && note.length > NOTE_MAX) {
    problem(
      'note',
      'maxLength',
      `note must be at most ${NOTE_MAX} characters (it has ${note.length})`,
    );
  }
  const evidenceUrl = v.evidenceUrl || null;
  if (evidenceUrl && evidenceUrl.length > EVIDENCE_URL_MAX) {
    problem(
      'evidenceUrl',
      'maxLength',
      `evidenceUrl must be at most ${EVIDENCE_URL_MAX} characters (it has ${evidenceUrl.length})`,
    );
  } else if (
    evidenceUrl &&
    !isURL(evidenceUrl, { protocols: ['http', 'https'], require_protocol: true })
  ) {
    problem(
      'evidenceUrl',
      'isUrl',
      `evidenceUrl "${truncate(evidenceUrl)}" must be an http(s) URL`,
    );
  }
  const evidenceCitation = v.evidenceCitation || null;
  if (evidenceCitation && evidenceCitation.length > EVIDENCE_CITATION_MAX) {
    problem(
      'evidenceCitation',
      'maxLength',
      `evidenceCitation must be at most ${EVIDENCE_CITATION_MAX} characters (it has ${evidenceCitation.length})`,
    );
  }
  if (overrideReason && overrideReason.length > NOTE_MAX) {
    problem(
      'overrideReason',
      'maxLength',
      `overrideReason must be at most ${NOTE_MAX} characters (it has ${overrideReason.length})`,
    );
  }
  if (problems.length > 0 || (!status && !fact)) return { problems };
  return {
    values: {
      ref,
      iso3,
      status,
      assessedOn,
      note,
      evidenceUrl,
      evidenceCitation,
      fact,
      overrideReason,
    },
    problems: [],
  };
}
