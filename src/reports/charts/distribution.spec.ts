import { ImplementationStatus as S } from '../../assessments/implementation-status.enum.js';
import { emptyCounts } from '../../assessments/progress.js';
import { statusDistribution } from './distribution.js';

const counts = { ...emptyCounts(), [S.Implemented]: 8, [S.NotImplemented]: 4 };

describe('statusDistribution', () => {
  for (const orientation of ['horizontal', 'vertical'] as const) {
    it(`shows all six statuses, zero ones included (${orientation})`, () => {
      const svg = statusDistribution(counts, { orientation });
      for (const text of [
        'No information: 0',
        'Not implemented: 4',
        'Partially implemented: 0',
        'Mostly implemented: 0',
        'Implemented: 8',
        'Not applicable: 0',
      ]) {
        expect(svg).toContain(`<title>${text}</title>`);
      }
      for (const code of ['–', 'NC', 'PC', 'LC', 'C', 'N/A']) expect(svg).toContain(`>${code}<`);
      expect(svg.match(/>0<\/text>/g)).toHaveLength(4);
      expect(svg).toContain('; 12 in all.</desc>');
    });
  }

  it('draws bars proportional to the counts (horizontal)', () => {
    const svg = statusDistribution(counts);
    const width = (s: string) =>
      Number(
        new RegExp(`width="([\\d.]+)" height="[\\d.]+" fill="url\\(#distribution-p-${s}\\)"`).exec(
          svg,
        )![1],
      );
    expect(width('implemented')).toBeCloseTo(2 * width('not_implemented'), 0);
  });

  it('draws bars proportional to the counts (vertical)', () => {
    const svg = statusDistribution(counts, { orientation: 'vertical', id: 'v' });
    const height = (s: string) =>
      Number(new RegExp(`height="([\\d.]+)" fill="url\\(#distribution-v-p-${s}\\)"`).exec(svg)![1]);
    expect(height('implemented')).toBeCloseTo(2 * height('not_implemented'), 0);
  });

  it('escapes its label and is deterministic', () => {
    const svg = statusDistribution(counts, { label: '<script>x</script>' });
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(svg).not.toContain('<script');
    expect(statusDistribution(counts, { label: 'a' })).toBe(
      statusDistribution(counts, { label: 'a' }),
    );
  });
});
