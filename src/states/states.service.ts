import type { AsOfPageQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { SubjectView } from '../assessments/assessment.view.js';
import type { ProgressFigures } from '../assessments/progress.js';
import { StatusesRepository, type PairRow } from '../assessments/statuses.repository.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { State } from './state.entity.js';

export interface StateView {
  iso3: string;
  iso2: string;
  isoNumeric: string;
  name: string;
  group: string;
}

export interface StateStatusesView {
  subject: SubjectView;
  asOf: string | null;
  progress: ProgressFigures;
  /** Which of the pairs `statuses` holds. */
  page: { page: number; pageSize: number; total: number; pages: number };
  statuses: Omit<PairRow, 'pairId' | 'recommendationId'>[];
}

@Injectable()
export class StatesService {
  constructor(
    @InjectRepository(State) private readonly states: Repository<State>,
    private readonly subjects: SubjectsService,
    private readonly pairs: StatusesRepository,
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

  /** A page of the State's (or organisation's) pairs, and its figures over all of them. */
  async statuses(code: string, query: AsOfPageQueryDto): Promise<StateStatusesView> {
    const subject = await this.subjects.get(code);
    const { asOf, page, pageSize } = query;
    const [found, progress] = await Promise.all([
      this.pairs.pairsPage({ subject, asOf }, page, pageSize),
      this.pairs.progress({ subject, asOf }),
    ]);
    return {
      subject: { kind: subject.kind, code: subject.code, name: subject.name },
      asOf: asOf ?? null,
      progress,
      page: { page, pageSize, total: found.total, pages: Math.ceil(found.total / pageSize) },
      statuses: found.rows.map(({ pairId: _p, recommendationId: _r, ...rest }) => rest),
    };
  }
}
