import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { seededRandom } from '../common/random.js';
import { deriveStatus } from '../measures/derive.js';
import type { Fact, FactMeasure } from '../measures/measure.types.js';
import { referenceMeasures } from '../measures/reference-measures.js';
import { DEMO_NOTE_PREFIX, generateDemoAssessments, generateDemoFacts } from './demo-data.js';

const pairs = Array.from({ length: 500 }, (_, i) => ({ pairId: i + 1, eventYear: 2008 }));

describe('demo data', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(generateDemoAssessments(pairs, 7)).toEqual(generateDemoAssessments(pairs, 7));
    expect(generateDemoAssessments(pairs, 7)).not.toEqual(generateDemoAssessments(pairs, 8));
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('leaves some pairs without information and marks every note as demo data', () => {
    const rows = generateDemoAssessments(pairs);
    const assessed = new Set(rows.map((r) => r.pairId));
    expect(assessed.size).toBeGreaterThan(300);
    expect(assessed.size).toBeLessThan(450);
    expect(rows.every((r) => r.note.startsWith(DEMO_NOTE_PREFIX))).toBe(true);
    expect(new Set(rows.map((r) => r.status)).size).toBeGreaterThanOrEqual(5);
  });

  it("dates a pair's assessments after its event and never in the future", () => {
    const rows = generateDemoAssessments(pairs);
    for (const r of rows) {
      expect(r.assessedOn > '2008-12-31').toBe(true);
      expect(r.assessedOn <= new Date().toISOString().slice(0, 10)).toBe(true);
      expect(r.status).not.toBe(ImplementationStatus.NoInformation);
    }
  });
});

describe('demo facts', () => {
  const measures = referenceMeasures();
  const measuredPairs = [...measures.entries()].flatMap(([ref, measure], r) =>
    Array.from({ length: 60 }, (_, i) => ({
      pairId: (r + 1) * 1000 + i,
      eventYear: null,
      ref,
      versions: [{ version: 1, effectiveOn: '2026-01-01', measure }],
    })),
  );

  it('is the same for the same seed, and gives facts for each measured recommendation', () => {
    const rows = generateDemoFacts(measuredPairs, 3);
    expect(rows).toEqual(generateDemoFacts(measuredPairs, 3));
    const kinds = new Set(rows.map((r) => r.fact?.kind));
    expect([...kinds].sort()).toEqual(['count', 'milestones', 'rating']);
    const pairs = new Set(rows.map((r) => r.pairId));
    expect(pairs.size).toBeGreaterThan(measuredPairs.length / 2);
    expect(pairs.size).toBeLessThan(measuredPairs.length * 0.8);
  });

  it('labels every note and source as demo data, dates nothing in the future', () => {
    for (const r of generateDemoFacts(measuredPairs)) {
      expect(r.note.startsWith(DEMO_NOTE_PREFIX)).toBe(true);
      expect(r.evidenceCitation).toMatch(/^Demo /);
      if (r.fact?.kind === 'rating') expect(r.fact.source).toMatch(/^Demo /);
      if (r.overrideReason) expect(r.overrideReason.startsWith(DEMO_NOTE_PREFIX)).toBe(true);
      expect(r.assessedOn <= new Date().toISOString().slice(0, 10)).toBe(true);
    }
  });

  it("gives each pair the statuses its measure's rule derives, overrides apart", () => {
    const rows = generateDemoFacts(measuredPairs, 5);
    let overrides = 0;
    for (const pair of measuredPairs) {
      const mine = rows.filter((r) => r.pairId === pair.pairId);
      const measure = measures.get(pair.ref) as FactMeasure;
      const facts: Fact[] = [];
      for (const r of mine) {
        if (r.fact) facts.push(r.fact);
        expect(r.derivedStatus).toBe(deriveStatus(measure, facts));
        if (r.overrideReason) overrides += 1;
        else expect(r.status).toBe(r.derivedStatus);
      }
      // Dated in the order they were recorded: nothing back-dated.
      expect(mine.map((r) => r.assessedOn)).toEqual(mine.map((r) => r.assessedOn).sort());
    }
    expect(overrides).toBeGreaterThan(0);
  });
});
