import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedirectException } from '../auth/redirect.exception.js';
import type { FormAgain } from '../common/views/form-flow.js';
import { formErrors } from '../common/views/forms.js';
import { Picker } from '../common/views/picker.js';
import { RECOMMENDATION_SOURCE } from '../recommendations/recommendation-picker.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { measureFormProblems, type MeasureFormRequest } from './measure-form.js';
import {
  measureEditViewModel,
  measurePageHref,
  measuresIndexViewModel,
  type MeasureEditState,
  type MeasureEditView,
  type MeasuresIndexView,
} from './measure-pages.view-model.js';
import { MeasuresService, type MeasureView, type RuleChangePreview } from './measures.service.js';

/** The list page as a request asks for it: 400 when the words typed match no recommendation. */
export interface MeasuresIndexPage {
  httpStatus: 200 | 400;
  view: MeasuresIndexView;
}

/**
 * Reads what the admins' measure pages show and builds their view-models: the list of the
 * recommendations measured by facts, with a field to open any recommendation's measure (its
 * ref, or words of its title), and one recommendation's measure with the form to change it.
 */
@Injectable()
export class MeasurePagesService {
  private readonly recommendations: Picker<Recommendation>;

  constructor(
    dataSource: DataSource,
    private readonly measures: MeasuresService,
  ) {
    this.recommendations = new Picker(dataSource, RECOMMENDATION_SOURCE);
  }

  /** The list, or, for `?ref=` naming one recommendation, a redirect to its measure. */
  async index(ref: unknown): Promise<MeasuresIndexPage> {
    const pick = await this.recommendations.resolve(
      typeof ref === 'string' ? ref.slice(0, 200) : undefined,
    );
    if (pick.kind === 'one') throw new RedirectException(measurePageHref(pick.choice.key));
    const [measured, picker] = await Promise.all([
      this.measures.list().then((list) => Promise.all(list.map((m) => this.measures.get(m.ref)))),
      this.recommendations.view(pick, {
        id: 'measure-ref',
        name: 'ref',
        label: 'Recommendation',
        empty: 'Choose…',
        emptyHint: 'Type its ref (e.g. JEW-II.2) or words of its title',
        href: measurePageHref,
      }),
    ]);
    return {
      httpStatus: pick.kind === 'unknown' ? 400 : 200,
      view: measuresIndexViewModel(measured, picker),
    };
  }

  async edit(ref: string, state: MeasureEditState = {}): Promise<MeasureEditView> {
    return measureEditViewModel(await this.measures.get(ref), state);
  }

  /**
   * The page again after a refusal: the form as typed, with the rules' messages beside its
   * fields; or, when the measure or what the change moves changed meanwhile, the measure now
   * (and the new preview, when there is one), saying so.
   */
  async again(ref: string, form: MeasureFormRequest, refusal: FormAgain): Promise<MeasureEditView> {
    if (refusal.kind !== 'staleVersion') {
      const problems = measureFormProblems(refusal.problems, form.formField);
      return this.edit(ref, {
        rows: form.rows,
        errors: formErrors(problems),
        baseVersion: typeof form.fields.baseVersion === 'number' ? form.fields.baseVersion : null,
      });
    }
    const current = refusal.current;
    if (isPreview(current)) {
      return this.edit(ref, {
        rows: form.rows,
        preview: current,
        notice: `What this change moves has changed since you previewed it: a status was recorded meanwhile. The preview below is the new one (${current.moves.length} ${current.moves.length === 1 ? 'status moves' : 'statuses move'}); check it and apply it again.`,
      });
    }
    if (isMeasure(current)) {
      return this.edit(ref, {
        rows: form.rows,
        notice: `The measure of ${ref} was changed meanwhile: it is now at version ${current.version}, shown above. Your changes are kept in the form; preview them again to apply them on top of it.`,
      });
    }
    return this.edit(ref, { rows: form.rows, notice: refusal.error.message });
  }
}

function isPreview(value: unknown): value is RuleChangePreview {
  return typeof value === 'object' && value !== null && 'previewDigest' in value;
}

function isMeasure(value: unknown): value is MeasureView {
  return typeof value === 'object' && value !== null && 'versions' in value;
}
