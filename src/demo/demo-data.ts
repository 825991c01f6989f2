import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { seededRandom } from '../common/random.js';

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
