import { StateGroup } from './state.entity.js';

/** Sub-regions of the OSCE area, for picking States in bulk. Partners form their own groups. */
export interface Region {
  key: string;
  label: string;
}

const PARTICIPATING_REGIONS: { region: Region; iso3: string[] }[] = [
  { region: { key: 'north-america', label: 'North America' }, iso3: ['CAN', 'USA'] },
  {
    region: { key: 'northern-europe', label: 'Northern Europe' },
    iso3: ['DNK', 'EST', 'FIN', 'GBR', 'IRL', 'ISL', 'LTU', 'LVA', 'NOR', 'SWE'],
  },
  {
    region: { key: 'western-europe', label: 'Western and Southern Europe' },
    iso3: ['AND', 'BEL', 'ESP', 'FRA', 'ITA', 'LUX', 'MCO', 'MLT', 'NLD', 'PRT', 'SMR', 'VAT'],
  },
  {
    region: { key: 'central-europe', label: 'Central Europe' },
    iso3: ['AUT', 'CHE', 'CZE', 'DEU', 'HUN', 'LIE', 'POL', 'SVK'],
  },
  {
    region: { key: 'south-eastern-europe', label: 'South-Eastern Europe' },
    iso3: ['ALB', 'BGR', 'BIH', 'CYP', 'GRC', 'HRV', 'MKD', 'MNE', 'ROU', 'SRB', 'SVN', 'TUR'],
  },
  {
    region: { key: 'eastern-europe', label: 'Eastern Europe' },
    iso3: ['BLR', 'MDA', 'RUS', 'UKR'],
  },
  { region: { key: 'south-caucasus', label: 'South Caucasus' }, iso3: ['ARM', 'AZE', 'GEO'] },
  {
    region: { key: 'central-asia', label: 'Central Asia and Mongolia' },
    iso3: ['KAZ', 'KGZ', 'MNG', 'TJK', 'TKM', 'UZB'],
  },
];

const PARTNERS: Record<StateGroup, Region | null> = {
  [StateGroup.Participating]: null,
  [StateGroup.MediterraneanPartner]: {
    key: 'mediterranean-partners',
    label: 'Mediterranean Partners',
  },
  [StateGroup.AsianPartner]: { key: 'asian-partners', label: 'Asian Partners' },
};

export const OTHER_REGION: Region = { key: 'other', label: 'Organisations and others' };

/** Regions in display order. */
export const REGIONS: Region[] = [
  ...PARTICIPATING_REGIONS.map((r) => r.region),
  PARTNERS[StateGroup.MediterraneanPartner] as Region,
  PARTNERS[StateGroup.AsianPartner] as Region,
  OTHER_REGION,
];

/** The region of a State (by ISO3 and group); organisations and unknown codes fall in "other". */
export function regionOf(iso3: string, group?: StateGroup | string | null): Region {
  const partner = group ? PARTNERS[group as StateGroup] : null;
  if (partner) return partner;
  return PARTICIPATING_REGIONS.find((r) => r.iso3.includes(iso3))?.region ?? OTHER_REGION;
}
