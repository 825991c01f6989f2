import type { AsOfPageQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { SubjectView } from '../assessments/assessment.view.js';
import type { ProgressFigures } from '../assessments/progress.js';
import { MeasuresRepository } from '../measures/measures.repository.js';
import { StatusesRepository, type PairRow } from '../assessments/statuses.repository.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { emptyCounts, progressFromCounts } from '../assessments/progress.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { dateText } from '../common/views/hbs-helpers.js';
import { osceMap } from '../reports/charts/index.js';
import type { ListStatesQueryDto } from './dto/list-states-query.dto.js';
import { OTHER_REGION, regionOf } from './regions.js';
import { State } from './state.entity.js';
import { statePageViewModel, type StatePageView } from './state-page.view-model.js';
import type { Principal } from '../auth/principal.js';
import { page, type Page } from '../common/paging.js';
import type { RowConfirmation } from '../common/views/forms.js';
import {
  statesPageViewModel,
  type StatesPageViewModel,
  type SubjectFigures,
} from './states-page.view-model.js';

export interface StateView {
  iso3: string;
  iso2: string;
  isoNumeric: string;
  name: string;
  group: string;
}

/** A pair as a State's statuses list it. */
export type PairStatusRow = Omit<PairRow, 'pairId' | 'recommendationId'>;

export interface StateStatusesView {
  subject: SubjectView;
  asOf: string | null;
  progress: ProgressFigures;
  /** A page of the pairs, in the recommendations' display order. */
  statuses: Page<PairStatusRow>;
}

@Injectable()
export class StatesService {
  constructor(
    @InjectRepository(State) private readonly states: Repository<State>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly subjects: SubjectsService,
    private readonly pairs: StatusesRepository,
    private readonly measures: MeasuresRepository,
  ) {}

  async list(): Promise<StateView[]> {
    const rows = await this.states.find({ order: { name: 'ASC' } });
    return rows.map(({ iso3, iso2, isoNumeric, name, group }) => ({
      iso3,
      iso2,
      isoNumeric,
      name,
      group,
    }));
  }

  /**
   * Every State's figures (and those of each organisation with pairs), current or as of a date,
   * from one grouped count, as the States page shows them: filtered, sorted and mapped.
   */
  async figuresPage(query: ListStatesQueryDto): Promise<StatesPageViewModel & { map: string }> {
    const [states, organisations, counts] = await Promise.all([
      this.states.find({ order: { name: 'ASC' } }),
      this.organisations.find(),
      this.pairs.countsBySubject({ asOf: query.asOf }),
    ]);
    const countsOf = new Map(counts.map((c) => [`${c.kind}:${c.id}`, c]));
    const lines: SubjectFigures[] = [];
    for (const s of states) {
      const c = countsOf.get(`state:${s.id}`);
      lines.push({
        kind: 'state',
        code: s.iso3,
        name: s.name,
        region: regionOf(s.iso3, s.group),
        progress: progressFromCounts(c?.counts ?? emptyCounts()),
        latestAssessedOn: c?.latestAssessedOn ?? null,
      });
    }
    for (const o of organisations) {
      const c = countsOf.get(`organisation:${o.id}`);
      if (!c) continue;
      lines.push({
        kind: 'organisation',
        code: o.acronym,
        name: o.name,
        region: OTHER_REGION,
        progress: progressFromCounts(c.counts),
        latestAssessedOn: c.latestAssessedOn,
      });
    }
    const view = statesPageViewModel(lines, query);
    const map = osceMap(view.mapValues, {
      id: 'states',
      width: 900,
      label: query.asOf ? `Progress index as of ${dateText(query.asOf)}` : 'Progress index',
    });
    return { ...view, map };
  }

  /** A page of the State's (or organisation's) pairs, and its figures over all of them. */
  /** A State's page (see `statePageViewModel`), for a principal, with what the session holds. */
  async statePage(
    code: string,
    query: AsOfPageQueryDto,
    principal: Principal,
    session: { confirmation: RowConfirmation | null; lastAsOf: string },
  ): Promise<StatePageView> {
    const [view, measures] = await Promise.all([
      this.statuses(code, query),
      this.measures.currentByRef(this.states.manager),
    ]);
    return statePageViewModel({ view, asOf: query.asOf, principal, measures, ...session });
  }

  async statuses(code: string, query: AsOfPageQueryDto): Promise<StateStatusesView> {
    const subject = await this.subjects.get(code);
    const { asOf } = query;
    const [found, progress] = await Promise.all([
      this.pairs.pairsPage({ subject, asOf }, query.page, query.pageSize),
      this.pairs.progress({ subject, asOf }),
    ]);
    return {
      subject: { kind: subject.kind, code: subject.code, name: subject.name },
      asOf: asOf ?? null,
      progress,
      statuses: page(
        found.rows.map(({ pairId: _p, recommendationId: _r, ...rest }) => rest),
        query,
        found.total,
      ),
    };
  }
}
