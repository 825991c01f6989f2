import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { seededRandom, type Random } from '../common/random.js';
import type { Fact, FactMeasure } from '../measures/measure.types.js';
import {
  currentVersion,
  planRecords,
  type MeasureVersion,
  type RecordInput,
} from '../measures/timeline.js';

/** A pair the demo data set assesses. */
export interface DemoPair {
  pairId: number;
  /** The year of the recommendation's event, or null when unknown. */
  eventYear: number | null;
}

export interface DemoAssessment {
  pairId: number;
  status: ImplementationStatus;
  assessedOn: string;
  note: string;
  internalNote: string | null;
  evidenceCitation: string | null;
  /** For a recommendation measured by facts: the fact, and what the rule derived from it. */
  fact?: Fact | null;
  derivedStatus?: ImplementationStatus | null;
  overrideReason?: string | null;
  measureVersion?: number | null;
}

/** A pair of a recommendation measured by facts, with its measure's versions. */
export interface DemoMeasuredPair extends DemoPair {
  versions: MeasureVersion[];
}

export const DEMO_AUTHOR = 'Demo data (synthetic)';
export const DEMO_NOTE_PREFIX = 'DEMO DATA:';

const LADDER: ImplementationStatus[] = [
  ImplementationStatus.NotImplemented,
  ImplementationStatus.PartiallyImplemented,
  ImplementationStatus.MostlyImplemented,
  ImplementationStatus.Implemented,
];

const NOTES: Record<string, string[]> = {
  [ImplementationStatus.NotImplemented]: [
    'no step reported yet',
    'the ministry says the matter is under review',
  ],
  [ImplementationStatus.PartiallyImplemented]: [
    'a draft law was sent to parliament',
    'an inter-agency working group was set up',
    'a first liaison officer was appointed',
  ],
  [ImplementationStatus.MostlyImplemented]: [
    'the law was adopted; implementing regulations are pending',
    'the agreement was signed; ratification is pending',
  ],
  [ImplementationStatus.Implemented]: [
    'fully in force, confirmed by the national report',
    'ratified and in force',
  ],
  [ImplementationStatus.NotApplicable]: ['the recommendation does not apply to this State'],
};

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function isoDate(year: number, dayOfYear: number): string {
  const d = new Date(Date.UTC(year, 0, 1 + dayOfYear));
  return d.toISOString().slice(0, 10);
}

/**
 * Synthetic assessments for the given pairs, the same for the same seed: about a fifth of the
 * pairs stay without information, the others get one to three assessments over the years after
 * their event, moving up the scale (rarely down), and a few are not applicable. Every note says
 * it is demo data.
 */
export function generateDemoAssessments(pairs: readonly DemoPair[], seed = 2010): DemoAssessment[] {
  const random = seededRandom(seed);
  const out: DemoAssessment[] = [];
  for (const pair of pairs) {
    const roll = random();
    if (roll < 0.2) continue;
    const startYear = (pair.eventYear ?? 2008) + 1;
    if (roll < 0.23) {
      out.push(assessment(pair.pairId, ImplementationStatus.NotApplicable, isoDate(startYear, 90)));
      continue;
    }
    const count = 1 + Math.floor(random() * 3);
    let level = random() < 0.6 ? 0 : 1;
    let year = startYear;
    for (let i = 0; i < count; i++) {
      const date = isoDate(year, Math.floor(random() * 360));
      out.push(assessment(pair.pairId, LADDER[level], date));
      year += 1 + Math.floor(random() * 2);
      const step = random();
      level = Math.max(
        0,
        Math.min(
          LADDER.length - 1,
          level + (step < 0.1 ? -1 : step < 0.55 ? 1 : step < 0.75 ? 2 : 0),
        ),
      );
    }
  }
  return out;

  function assessment(
    pairId: number,
    status: ImplementationStatus,
    assessedOn: string,
  ): DemoAssessment {
    const internal = random() < 0.3;
    return {
      pairId,
      status,
      assessedOn,
      note: `${DEMO_NOTE_PREFIX} ${pick(random, NOTES[status])}.`,
      internalNote: internal
        ? `${DEMO_NOTE_PREFIX} internal remark for the secretariat only.`
        : null,
      evidenceCitation: random() < 0.5 ? `Demo national report ${assessedOn.slice(0, 4)}` : null,
    };
  }
}

/** Posts where a State may place drug liaison officers (demo data only). */
const DLO_POSTS = [
  'Kabul',
  'Tashkent',
  'Dushanbe',
  'Tehran',
  'Islamabad',
  'Bishkek',
  'Almaty',
  'Ashgabat',
  'Moscow',
  'Istanbul',
  'Sofia',
  'Belgrade',
  'Vienna',
  'The Hague',
];

/**
 * Synthetic facts for the pairs of recommendations measured by milestones, a count or a rating,
 * the same for the same seed, with the statuses their rule derives (and, rarely, an analyst's
 * override with its reason). About a third of the pairs stay without information. Treaty steps
 * go up one instrument at a time over the years after the event; counts of officers grow; a
 * rating may improve at a follow-up. Every note, citation and source says it is demo data.
 */
export function generateDemoFacts(
  pairs: readonly DemoMeasuredPair[],
  seed = 2011,
): DemoAssessment[] {
  const random = seededRandom(seed);
  const out: DemoAssessment[] = [];
  for (const pair of pairs) {
    const measure = currentVersion(pair.versions)?.measure;
    if (!measure || measure.kind === 'graded' || random() < 0.35) continue;
    const startYear = (pair.eventYear ?? 2008) + 1;
    const inputs = demoInputs(measure, startYear, random);
    let entries = planned(pair.versions, inputs);
    // Now and then an analyst's judgement differs from the rule: an override with its reason.
    const last = inputs[inputs.length - 1];
    if (last && random() < 0.08) {
      const derived = entries.filter((e) => e.fact !== null).pop()?.derivedStatus;
      last.status =
        derived === ImplementationStatus.NotImplemented
          ? ImplementationStatus.PartiallyImplemented
          : ImplementationStatus.NotImplemented;
      last.overrideReason = `${DEMO_NOTE_PREFIX} the analyst judges that implementing legislation is still missing.`;
      entries = planned(pair.versions, inputs);
    }
    // Each input's entry has its fact; entries without one are re-derived by a later rule.
    let next = 0;
    for (const entry of entries) {
      const input = entry.fact ? inputs[next++] : undefined;
      out.push({
        pairId: pair.pairId,
        ...entry,
        note: input ? input.note : `${DEMO_NOTE_PREFIX} re-derived by a later rule.`,
        internalNote: null,
        evidenceCitation: input ? input.citation : null,
      });
    }
  }
  return out;
}

type DemoInput = RecordInput & { citation: string; note: string };

function planned(versions: MeasureVersion[], inputs: DemoInput[]) {
  const plan = planRecords(versions, [], inputs);
  if (!plan.ok) throw new Error(`Demo facts refused: ${plan.problems[0].message}`);
  return plan.entries;
}

/** A pair's demo facts, oldest first (so nothing is back-dated: one entry per input). */
function demoInputs(measure: FactMeasure, startYear: number, random: Random): DemoInput[] {
  const date = (year: number) => isoDate(Math.min(year, maxYear()), Math.floor(random() * 300));
  const inputs: DemoInput[] = [];
  if (measure.kind === 'milestones') {
    const dated: { year: number; fact: Fact; label: string }[] = [];
    for (const instrument of measure.rule.instruments) {
      const roll = random();
      const reached =
        roll < 0.1
          ? 0
          : roll < 0.3
            ? 1
            : roll < 0.55
              ? Math.min(2, instrument.steps.length)
              : instrument.steps.length;
      let year = startYear + Math.floor(random() * 3);
      for (const step of instrument.steps.slice(0, reached)) {
        dated.push({
          year,
          fact: { kind: 'milestones', instrument: instrument.key, milestone: step.key },
          label: `${instrument.label}: ${step.label.toLowerCase()}`,
        });
        year += 1 + Math.floor(random() * 2);
      }
    }
    dated.sort((a, b) => a.year - b.year);
    for (const d of dated) {
      inputs.push({
        assessedOn: date(d.year),
        fact: d.fact,
        note: `${DEMO_NOTE_PREFIX} ${d.label}.`,
        citation: `Demo depositary notification ${Math.min(d.year, maxYear())}`,
      });
    }
  } else if (measure.kind === 'count') {
    const posts = shuffled(DLO_POSTS, random);
    let count = Math.floor(random() * 3);
    let year = startYear;
    for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) {
      inputs.push({
        assessedOn: date(year),
        fact: { kind: 'count', count, places: posts.slice(0, count) },
        note: `${DEMO_NOTE_PREFIX} ${count} ${measure.rule.unit}.`,
        citation: `Demo national report ${Math.min(year, maxYear())}`,
      });
      count = Math.min(posts.length, count + Math.floor(random() * 3));
      year += 1 + Math.floor(random() * 3);
    }
  } else {
    const codes = measure.rule.ratings.map((r) => r.code);
    // Mostly partially or largely compliant at first; a follow-up may move one step up.
    let level = Math.min(codes.length - 1, 1 + Math.floor(random() * 3));
    let year = startYear + Math.floor(random() * 3);
    for (let i = 0, n = 1 + Math.floor(random() * 2); i < n; i++) {
      const source = `Demo ${i === 0 ? 'mutual evaluation' : 'follow-up'} report ${Math.min(year, maxYear())}`;
      inputs.push({
        assessedOn: date(year),
        fact: { kind: 'rating', rating: codes[level], source },
        note: `${DEMO_NOTE_PREFIX} rated ${codes[level]} on the ${measure.rule.scale} scale.`,
        citation: source,
      });
      level = Math.max(0, level - 1);
      year += 2 + Math.floor(random() * 3);
    }
  }
  // Oldest first (years past the last are held at it, their days drawn anew): none back-dated.
  return inputs.sort((a, b) => a.assessedOn.localeCompare(b.assessedOn));
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Demo facts are dated no later than last year, so never in the future. */
function maxYear(): number {
  return new Date().getUTCFullYear() - 1;
}
