import type { ProgressFigures } from '../assessments/progress.js';
import { percent } from '../common/views/hbs-helpers.js';

/** One figure of DESIGN.md as a report prints it: its value, the earlier value and the change. */
export interface FigureView {
  label: string;
  value: string;
  before: string;
  /** Change in percentage points, signed ("+4 pts"), or "–" when either value is unknown. */
  change: string;
  direction: 'up' | 'down' | 'same' | 'unknown';
}

const FIGURES: { key: 'implementationRate' | 'progressIndex' | 'coverage'; label: string }[] = [
  { key: 'implementationRate', label: 'Implementation rate' },
  { key: 'progressIndex', label: 'Progress index' },
  { key: 'coverage', label: 'Coverage' },
];

/** The three figures at a date and their change since an earlier date. */
export function figureViews(now: ProgressFigures, before: ProgressFigures): FigureView[] {
  return FIGURES.map(({ key, label }) => {
    const a = now[key];
    const b = before[key];
    if (a === null || b === null) {
      return { label, value: percent(a), before: percent(b), change: '–', direction: 'unknown' };
    }
    const points = Math.round(a * 100) - Math.round(b * 100);
    return {
      label,
      value: percent(a),
      before: percent(b),
      change: points === 0 ? '±0 pts' : `${points > 0 ? '+' : '−'}${Math.abs(points)} pts`,
      direction: points > 0 ? 'up' : points < 0 ? 'down' : 'same',
    };
  });
}

/** The date one year before a YYYY-MM-DD date (29 February becomes 28 February). */
export function yearBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
