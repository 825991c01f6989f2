import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { seededRandom } from '../common/random.js';
import { DEMO_NOTE_PREFIX, generateDemoAssessments } from './demo-data.js';

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
