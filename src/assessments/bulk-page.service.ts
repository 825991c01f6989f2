import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { RedirectException } from '../auth/redirect.exception.js';
import { Picker, type Pick } from '../common/views/picker.js';
import { MeasuresRepository } from '../measures/measures.repository.js';
import { RECOMMENDATION_SOURCE } from '../recommendations/recommendation-picker.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { State } from '../states/state.entity.js';
import { regionOf, type Region } from '../states/regions.js';
import {
  bulkEntries,
  bulkPageViewModel,
  type BulkForm,
  type BulkPageState,
  type BulkPageView,
} from './bulk-page.view-model.js';
import { StatusesService } from './statuses.service.js';

/** The bulk page as a request asks for it: 400 when the words typed match no recommendation. */
export interface BulkPage {
  httpStatus: 200 | 400;
  view: BulkPageView;
}

/**
 * Reads what the bulk page shows and builds its view-model. The recommendation is a ref
 * (`/bulk?ref=JEW-II.9`) or, typed into the search field offered when there are many, words of
 * its title: one match opens it (redirected to its ref), several are listed to pick from, none
 * is named beside the field (400).
 */
@Injectable()
export class BulkPageService {
  private readonly recommendations: Picker<Recommendation>;
  private groupsCache?: Promise<Map<string, string>>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly statuses: StatusesService,
    private readonly measures: MeasuresRepository,
  ) {
    this.recommendations = new Picker(dataSource, RECOMMENDATION_SOURCE);
  }

  /** The page for `?ref=`, as asked. */
  async page(ref: unknown, principal: Principal, state: BulkPageState): Promise<BulkPage> {
    const pick = await this.recommendations.resolve(
      typeof ref === 'string' ? ref.slice(0, 200) : undefined,
    );
    if (pick.kind === 'one' && !pick.exact) throw new RedirectException(address(pick.choice.key));
    return {
      httpStatus: pick.kind === 'unknown' ? 400 : 200,
      view: await this.view(pick, principal, state),
    };
  }

  /** The page of the recommendation a refused update was for, the user's input kept. */
  async again(ref: string, principal: Principal, state: BulkPageState): Promise<BulkPageView> {
    return this.view(await this.recommendations.resolve(ref), principal, state);
  }

  /** The States a posted update is for (see `bulkEntries`). */
  async entries(
    ref: string,
    form: BulkForm,
    principal: Principal,
  ): Promise<{ code: string; baseVersion: number }[]> {
    const pairs = (await this.statuses.forRecommendation(ref)).statuses;
    return bulkEntries(form, pairs, await this.regionFinder(), principal);
  }

  private async view(
    pick: Pick,
    principal: Principal,
    state: BulkPageState,
  ): Promise<BulkPageView> {
    // Only the one asked for by its ref (words typed redirect to it first).
    const chosen = pick.kind === 'one' && pick.exact ? pick.choice : null;
    const [picker, pairs, region, measures] = await Promise.all([
      this.recommendations.view(pick, {
        id: 'bulk-ref',
        name: 'ref',
        empty: 'Choose…',
        emptyHint: 'Type its ref (e.g. JEW-II.9) or words of its title',
        href: address,
      }),
      chosen ? this.statuses.forRecommendation(chosen.key).then((s) => s.statuses) : [],
      this.regionFinder(),
      chosen ? this.measures.currentByRef(this.dataSource.manager) : undefined,
    ]);
    return bulkPageViewModel({
      picker,
      chosen,
      pairs,
      regionOf: region,
      principal,
      state,
      measure: chosen ? measures?.get(chosen.key) : undefined,
    });
  }

  /** ISO3 → region, partners in their own regions. */
  private async regionFinder(): Promise<(code: string) => Region> {
    this.groupsCache ??= this.dataSource
      .getRepository(State)
      .find()
      .then((states) => new Map(states.map((s) => [s.iso3, s.group])));
    const groups = await this.groupsCache;
    return (code) => regionOf(code, groups.get(code));
  }
}

/** The bulk page of one recommendation. */
function address(ref: string): string {
  return `/bulk?ref=${encodeURIComponent(ref)}`;
}
