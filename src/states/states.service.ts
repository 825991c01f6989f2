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

  async statuses(code: string, asOf?: string): Promise<StateStatusesView> {
    const subject = await this.subjects.get(code);
    const [rows, progress] = await Promise.all([
      this.pairs.pairs({ subject, asOf }),
      this.pairs.progress({ subject, asOf }),
    ]);
    return {
      subject: { kind: subject.kind, code: subject.code, name: subject.name },
      asOf: asOf ?? null,
      progress,
      statuses: rows.map(({ pairId: _p, recommendationId: _r, ...rest }) => rest),
    };
  }
}
