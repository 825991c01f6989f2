import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { today } from '../common/dates.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { AssessmentsService } from './assessments.service.js';
import {
  pairPageViewModel,
  type PairPageState,
  type PairPageView,
} from './pair-page.view-model.js';

/** Reads what the pair page shows and builds its view-model. */
@Injectable()
export class PairPageService {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly subjects: SubjectsService,
  ) {}

  async view(
    ref: string,
    iso3: string,
    principal: Principal,
    state: Omit<PairPageState, 'today'>,
  ): Promise<PairPageView> {
    const [pair, subject] = await Promise.all([
      this.assessments.history(ref, iso3),
      this.subjects.get(iso3),
    ]);
    return pairPageViewModel(pair, subject, principal, { ...state, today: today() });
  }
}
