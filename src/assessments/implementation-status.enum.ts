/**
 * The ordinal status scale of DESIGN.md: ODIHR's "fully / mostly / partially / not implemented",
 * which maps one to one onto FATF's technical compliance ratings.
 */
export enum ImplementationStatus {
  NoInformation = 'no_information',
  NotImplemented = 'not_implemented',
  PartiallyImplemented = 'partially_implemented',
  MostlyImplemented = 'mostly_implemented',
  Implemented = 'implemented',
  NotApplicable = 'not_applicable',
}

export interface StatusInfo {
  value: ImplementationStatus;
  label: string;
  fatf: string | null;
  /** Progress weight; null where the status carries none (no information, not applicable). */
  weight: number | null;
}

/** In scale order, from "no information" to "not applicable". */
export const STATUS_INFO: readonly StatusInfo[] = [
  { value: ImplementationStatus.NoInformation, label: 'No information', fatf: null, weight: null },
  { value: ImplementationStatus.NotImplemented, label: 'Not implemented', fatf: 'NC', weight: 0 },
  {
    value: ImplementationStatus.PartiallyImplemented,
    label: 'Partially implemented',
    fatf: 'PC',
    weight: 1 / 3,
  },
  {
    value: ImplementationStatus.MostlyImplemented,
    label: 'Mostly implemented',
    fatf: 'LC',
    weight: 2 / 3,
  },
  { value: ImplementationStatus.Implemented, label: 'Implemented', fatf: 'C', weight: 1 },
  { value: ImplementationStatus.NotApplicable, label: 'Not applicable', fatf: 'N/A', weight: null },
];

export const STATUS_VALUES: readonly ImplementationStatus[] = STATUS_INFO.map((s) => s.value);

const byValue = new Map(STATUS_INFO.map((s) => [s.value, s]));

export function statusInfo(status: ImplementationStatus): StatusInfo {
  const info = byValue.get(status);
  if (!info) throw new Error(`Unknown status ${String(status)}`);
  return info;
}

export function isImplementationStatus(value: unknown): value is ImplementationStatus {
  return typeof value === 'string' && byValue.has(value as ImplementationStatus);
}
