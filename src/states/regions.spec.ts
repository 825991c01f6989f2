import { readReferenceData } from '../reference-data/reference-data.service.js';
import { OTHER_REGION, regionOf } from './regions.js';

describe('regions', () => {
  it('places every State of the reference data in a region of its own kind', () => {
    const { states } = readReferenceData();
    for (const s of states) {
      expect([s.iso3, regionOf(s.iso3, s.group).key]).not.toEqual([s.iso3, OTHER_REGION.key]);
    }
    expect(regionOf('KAZ', 'participating').label).toBe('Central Asia and Mongolia');
    expect(regionOf('DZA', 'mediterranean-partner').key).toBe('mediterranean-partners');
    expect(regionOf('OSCE').key).toBe('other');
  });
});
