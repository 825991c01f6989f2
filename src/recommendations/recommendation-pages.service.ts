import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MeasuresRepository } from '../measures/measures.repository.js';
import { StatusesService } from '../assessments/statuses.service.js';
import type { Principal } from '../auth/principal.js';
import { RedirectException } from '../auth/redirect.exception.js';
import type { RowConfirmation } from '../common/views/forms.js';
import { EventPicker } from '../events/event-picker.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import type { ListRecommendationsPageQueryDto } from './dto/list-recommendations-page-query.dto.js';
import type { RecommendationPageQueryDto } from './dto/recommendation-page-query.dto.js';
import { orderOf } from './list-order.js';
import {
  recommendationPageViewModel,
  type RecommendationPageView,
} from './recommendation-page.view-model.js';
import {
  listAddress,
  recommendationsListViewModel,
  type RecommendationsListView,
} from './recommendations-list.view-model.js';
import { RecommendationsService } from './recommendations.service.js';

/** The list page as a request asks for it: 400 when the words typed match no event. */
export interface RecommendationsListPage {
  httpStatus: 200 | 400;
  view: RecommendationsListView;
}

/**
 * Reads what the recommendations list and a recommendation's page show and builds their
 * view-models. The list's event filter is a slug or, typed into the search field offered when
 * there are many events, words of its title: one match lists that event's recommendations
 * (redirected to its slug), several are listed to pick from, none is named beside the field.
 */
@Injectable()
export class RecommendationPagesService {
  private readonly events: EventPicker;

  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly statuses: StatusesService,
    private readonly lookups: LookupsService,
    private readonly subjects: SubjectsService,
    private readonly measures: MeasuresRepository,
    private readonly dataSource: DataSource,
  ) {
    this.events = new EventPicker(dataSource);
  }

  async list(query: ListRecommendationsPageQueryDto): Promise<RecommendationsListPage> {
    const pick = await this.events.resolve(query.event);
    if (pick.kind === 'event' && !pick.bySlug) {
      throw new RedirectException(listAddress({ ...query, event: pick.event.slug }));
    }
    const listed = pick.kind === 'event' || pick.kind === 'none';
    const [result, options, eventPicker] = await Promise.all([
      listed ? this.recommendations.list(query, orderOf(query)) : null,
      this.lookups.filterOptions(query, { events: false }),
      this.events.view(pick, {
        id: 'recommendations-event',
        href: (slug) => listAddress({ ...query, event: slug }),
      }),
    ]);
    return {
      httpStatus: pick.kind === 'unknown' ? 400 : 200,
      view: recommendationsListViewModel({ query, options, eventPicker, result }),
    };
  }

  async page(
    ref: string,
    query: RecommendationPageQueryDto,
    principal: Principal,
    session: { confirmation: RowConfirmation | null; lastAsOf: string },
  ): Promise<RecommendationPageView> {
    const [recommendation, statuses, regionOf, measures] = await Promise.all([
      this.recommendations.get(ref, query.asOf),
      this.statuses.forRecommendation(ref, query.asOf),
      this.subjects.regionFinder(),
      this.measures.currentByRef(this.dataSource.manager),
    ]);
    return recommendationPageViewModel({
      measure: measures.get(recommendation.ref),
      recommendation,
      statuses,
      query,
      regionOf,
      principal,
      ...session,
    });
  }

  /**
   * Where the "Go to a State" field leads without JavaScript: the page at that State's row (its
   * Record control), found by code or by the start of its name; at the States table otherwise.
   */
  async jumpAddress(ref: string, state: unknown): Promise<string> {
    const { statuses } = await this.statuses.forRecommendation(ref);
    const q = typeof state === 'string' ? state.trim().toLowerCase().slice(0, 100) : '';
    const hit = q
      ? (statuses.find((s) => s.subject.code.toLowerCase() === q) ??
        statuses.find((s) => s.subject.name.toLowerCase().startsWith(q)))
      : undefined;
    const page = `/recommendations/${encodeURIComponent(ref)}`;
    return hit ? `${page}#record-${hit.subject.code}` : `${page}#states-heading`;
  }
}
