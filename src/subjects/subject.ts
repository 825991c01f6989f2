/** What a recommendation is tracked for: a State, or an organisation such as the OSCE itself. */
export type SubjectKind = 'state' | 'organisation';

export interface Subject {
  kind: SubjectKind;
  /** State or organisation id, by kind. */
  id: number;
  /** ISO 3166 alpha-3 code for a State, the acronym for an organisation ("OSCE"). */
  code: string;
  name: string;
}

/** The organisation a recommendation addressed to "the OSCE" is tracked for. */
export const OSCE_ACRONYM = 'OSCE';
