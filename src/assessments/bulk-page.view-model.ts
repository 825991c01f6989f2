import type { Principal } from '../auth/principal.js';
import { formList, type FormErrors } from '../common/views/forms.js';
import type { Choice, PickerView } from '../common/views/picker.js';
import { factForm, type FactFormView } from '../measures/measure-view.js';
import type { FactMeasure } from '../measures/measure.types.js';
import { ruleSentence } from '../measures/rule-text.js';
import { REGIONS, type Region } from '../states/regions.js';
import type { PairStatusView } from './assessment.view.js';
import { mayWriteFor } from './assessments.service.js';
import type { ImplementationStatus } from './implementation-status.enum.js';
import { statusBadge, statusOptions, type StatusBadge } from './status-view.js';

/** A form as posted: field → value. */
export type BulkForm = Record<string, unknown>;

/** How the bulk page is shown: fresh, or again after a refused update. */
export interface BulkPageState {
  /** The user's input, shown again; a fresh form starts with the date only. */
  values?: BulkForm;
  errors?: FormErrors;
  /** Someone else assessed some of the States meanwhile: the page shows them as they are now. */
  reloaded?: boolean;
  /** The as-of date a fresh form starts with. */
  lastAsOf: string;
}

/** A State (or organisation) of the chosen recommendation, with a box to tick. */
export interface BulkSubject extends StatusBadge {
  code: string;
  name: string;
  version: number;
  assessedOn: string | null;
  /** Whether the user may write for it (analysts limited to some States may not). */
  allowed: boolean;
  checked: boolean;
}

export interface BulkRegion extends Region {
  /** Every State of the region the user may write for is ticked. */
  selected: boolean;
  subjects: BulkSubject[];
}

export interface BulkPageView {
  title: string;
  recommendationPicker: PickerView;
  chosen: { ref: string; title: string } | null;
  regions: BulkRegion[];
  values: BulkForm;
  statuses: { value: ImplementationStatus; label: string; selected: boolean }[];
  statusChosen: boolean;
  /**
   * When the chosen recommendation is measured by facts: its rule and the fact's fields. The
   * same dated fact is recorded for every State chosen; a status by hand needs its reason.
   */
  measure: { rule: string; form: FactFormView } | null;
  errors: FormErrors | undefined;
  reloaded: boolean;
}

/**
 * The bulk page: the recommendation picker, and once one is chosen, its States by region with
 * their current status, the ones ticked (or whose region is) checked. No status is preselected:
 * the chosen States may stand at different ones, so the user chooses it.
 */
export function bulkPageViewModel(input: {
  picker: PickerView;
  chosen: Choice | null;
  /** The chosen recommendation's pairs; empty when none is chosen. */
  pairs: readonly PairStatusView[];
  regionOf: (code: string) => Region;
  principal: Principal;
  state: BulkPageState;
  /** The chosen recommendation's measure, when it is measured by facts. */
  measure?: FactMeasure;
}): BulkPageView {
  const { state, chosen } = input;
  const values = state.values ?? { assessedOn: state.lastAsOf };
  const picked = formList(values.states);
  const pickedRegions = formList(values.regions);
  const regions = chosen
    ? REGIONS.map((region) => ({
        ...region,
        selected: pickedRegions.includes(region.key),
        subjects: input.pairs
          .filter((p) => input.regionOf(p.subject.code).key === region.key)
          .map((p) => ({
            code: p.subject.code,
            name: p.subject.name,
            version: p.version,
            ...statusBadge(p.status),
            assessedOn: p.assessedOn,
            allowed: mayWriteFor(input.principal, p.subject),
            checked: picked.includes(p.subject.code),
          })),
      })).filter((r) => r.subjects.length > 0)
    : [];
  return {
    title: 'Bulk update',
    recommendationPicker: input.picker,
    chosen: chosen ? { ref: chosen.key, title: chosen.title } : null,
    regions,
    values,
    statuses: statusOptions(values.status),
    statusChosen: typeof values.status === 'string' && values.status !== '',
    measure:
      chosen && input.measure
        ? { rule: ruleSentence(chosen.key, input.measure), form: factForm(input.measure, values) }
        : null,
    errors: state.errors,
    reloaded: state.reloaded ?? false,
  };
}

/**
 * The States a bulk update is for, each with the version the user saw: those ticked, and every
 * State the user may write for in the regions ticked.
 */
export function bulkEntries(
  form: BulkForm,
  pairs: readonly PairStatusView[],
  regionOf: (code: string) => Region,
  principal: Principal,
): { code: string; baseVersion: number }[] {
  const regions = formList(form.regions);
  const picked = new Set(formList(form.states));
  for (const p of pairs) {
    if (regions.includes(regionOf(p.subject.code).key) && mayWriteFor(principal, p.subject)) {
      picked.add(p.subject.code);
    }
  }
  return [...picked].map((code) => ({
    code,
    baseVersion: Number(form[`v-${code}`] ?? pairs.find((p) => p.subject.code === code)?.version),
  }));
}
