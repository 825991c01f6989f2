import type { ProgressFigures } from '../assessments/progress.js';
import type { SubjectKind } from '../subjects/subject.js';
import { REGIONS, type Region } from './regions.js';

/** One line of the States page: a State, or an organisation a recommendation is tracked for. */
export interface SubjectFigures {
  kind: SubjectKind;
  /** ISO3 code of a State, acronym of an organisation: the key of its page. */
  code: string;
  name: string;
  region: Region;
  progress: ProgressFigures;
  latestAssessedOn: string | null;
}

export const STATE_SORTS = [
  'name',
  'region',
  'pairs',
  'rate',
  'progress',
  'coverage',
  'latest',
] as const;
export type StateSort = (typeof STATE_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

export interface StatesPageQuery {
  asOf?: string;
  region?: string;
  sort?: StateSort;
  dir?: SortDirection;
}

const COLUMNS: { key: StateSort; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'State', numeric: false },
  { key: 'region', label: 'Region', numeric: false },
  { key: 'pairs', label: 'Pairs in scope', numeric: true },
  { key: 'rate', label: 'Implementation rate', numeric: true },
  { key: 'progress', label: 'Progress index', numeric: true },
  { key: 'coverage', label: 'Coverage', numeric: true },
  { key: 'latest', label: 'Latest assessment', numeric: true },
];

/** The value a column sorts by; null sorts last whatever the direction. */
function sortValue(line: SubjectFigures, sort: StateSort): number | string | null {
  switch (sort) {
    case 'name':
      return line.name;
    case 'region':
      return String(REGIONS.findIndex((r) => r.key === line.region.key)).padStart(3, '0');
    case 'pairs':
      return line.progress.pairs;
    case 'rate':
      return line.progress.implementationRate;
    case 'progress':
      return line.progress.progressIndex;
    case 'coverage':
      return line.progress.coverage;
    case 'latest':
      return line.latestAssessedOn;
  }
}

function compare(a: SubjectFigures, b: SubjectFigures, sort: StateSort, dir: SortDirection) {
  const va = sortValue(a, sort);
  const vb = sortValue(b, sort);
  if (va === null || vb === null) {
    if (va !== vb) return va === null ? 1 : -1;
  } else if (va !== vb) {
    const order = typeof va === 'number' ? va - (vb as number) : va < vb ? -1 : 1;
    return dir === 'asc' ? order : -order;
  }
  return a.name.localeCompare(b.name, 'en');
}

/** A query string of the page's own parameters, without the empty ones. */
function href(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/states?${s}` : '/states';
}

/**
 * The States page: the lines the region filter keeps, sorted (States first, then the
 * organisations, each sorted alike), the column headers as sort links, the region choices and
 * the values the map shades (the progress index of each State shown).
 */
export function statesPageViewModel(lines: SubjectFigures[], query: StatesPageQuery) {
  const sort = query.sort ?? 'name';
  const column = COLUMNS.find((c) => c.key === sort) ?? COLUMNS[0];
  const dir = query.dir ?? (column.numeric ? 'desc' : 'asc');
  const kept = lines
    .filter((l) => !query.region || l.region.key === query.region)
    .sort((a, b) => (a.kind !== b.kind ? (a.kind === 'state' ? -1 : 1) : compare(a, b, sort, dir)));
  const keep = { asOf: query.asOf, region: query.region };
  return {
    asOf: query.asOf ?? null,
    region: query.region ?? null,
    headers: COLUMNS.map((c) => {
      const sorted = c.key === sort;
      const nextDir: SortDirection = sorted
        ? dir === 'asc'
          ? 'desc'
          : 'asc'
        : c.numeric
          ? 'desc'
          : 'asc';
      return {
        label: c.label,
        numeric: c.numeric,
        ariaSort: sorted ? (dir === 'asc' ? 'ascending' : 'descending') : null,
        href: href({ ...keep, sort: c.key, dir: nextDir }),
      };
    }),
    regions: REGIONS.map((r) => ({ ...r, selected: r.key === query.region })),
    rows: kept.map((l) => ({
      kind: l.kind,
      code: l.code,
      name: l.name,
      region: l.region.label,
      pairs: l.progress.pairs,
      implementationRate: l.progress.implementationRate,
      progressIndex: l.progress.progressIndex,
      coverage: l.progress.coverage,
      latestAssessedOn: l.latestAssessedOn,
    })),
    mapValues: new Map(
      kept.filter((l) => l.kind === 'state').map((l) => [l.code, l.progress.progressIndex]),
    ),
    clearHref: href({ sort: query.sort, dir: query.dir }),
  };
}

export type StatesPageViewModel = ReturnType<typeof statesPageViewModel>;
