import { ImplementationStatus, STATUS_INFO, statusInfo } from './implementation-status.enum.js';

/** What a template needs to draw a status: its value (for the CSS class), label and short code. */
export interface StatusBadge {
  status: ImplementationStatus;
  label: string;
  /** Printed inside matrix cells: the FATF-style rating, or a dash for no information. */
  short: string;
}

export function statusBadge(status: ImplementationStatus): StatusBadge {
  const info = statusInfo(status);
  return { status, label: info.label, short: info.fatf ?? '–' };
}

/** Every status in scale order, for legends and select boxes. */
export const STATUS_LEGEND = STATUS_INFO.map((s) => ({
  value: s.value,
  label: s.label,
  short: s.fatf ?? '–',
}));

/** The statuses as form options, `selected` marked. */
export function statusOptions(
  selected: unknown,
): { value: ImplementationStatus; label: string; selected: boolean }[] {
  return STATUS_INFO.map((s) => ({
    value: s.value,
    label: s.label,
    selected: s.value === selected,
  }));
}
