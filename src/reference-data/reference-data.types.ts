/** The shape of the JSON files under data/, as drawn from the seed documents. */

export interface StateRecord {
  name: string;
  iso2: string;
  iso3: string;
  isoNumeric: string;
  group: string;
}

export interface OrganisationRecord {
  acronym: string;
  name: string;
  parent?: string;
}

export interface ThemeRecord {
  slug: string;
  title: string;
}

export interface RecommendationRecord {
  ref: string;
  title: string;
  text: string;
  themes: string[];
  addressee: string;
  organisations: string[];
}

export interface SessionRecord {
  number: string;
  title: string;
  recommendations: RecommendationRecord[];
}

export interface EventRecord {
  slug: string;
  title: string;
  kind: string;
  startDate: string | null;
  endDate: string | null;
  publishedOn: string | null;
  venue: string | null;
  city: string | null;
  country: string | null;
  organisers: string[];
  audience: string[];
  participatingStates: string[];
  participantsCount?: number;
  participatingStatesNote?: string;
  fundedBy?: string[];
  tags: string[];
  summary: string | null;
  source: string | null;
  sessions: SessionRecord[];
}

/** How a recommendation is measured (see `measures/measure.types.ts`); the others are graded. */
export interface MeasureRecord {
  ref: string;
  kind: string;
  rule?: unknown;
  note?: string;
}

export interface ReferenceData {
  states: StateRecord[];
  organisations: OrganisationRecord[];
  themes: ThemeRecord[];
  events: EventRecord[];
  /** Measures of recommendations; a recommendation given none here is graded. */
  measures?: MeasureRecord[];
}
