import { NotFoundError } from '../common/errors.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import type { PairStatusView } from './assessment.view.js';
import type { ProgressFigures } from './progress.js';
import { StatusesRepository } from './statuses.repository.js';

export interface RecommendationStatusesView {
  recommendation: { ref: string; title: string };
  asOf: string | null;
  progress: ProgressFigures;
  statuses: PairStatusView[];
}

@Injectable()
export class StatusesService {
  constructor(
    @InjectRepository(Recommendation) private readonly recommendations: Repository<Recommendation>,
    private readonly pairs: StatusesRepository,
  ) {}

  async forRecommendation(ref: string, asOf?: string): Promise<RecommendationStatusesView> {
    const r = await this.recommendations.findOneBy({ ref });
    if (!r) throw new NotFoundError(`No recommendation with ref "${ref}"`);
    const [rows, progress] = await Promise.all([
      this.pairs.pairs({ recommendationId: r.id, asOf }),
      this.pairs.progress({ recommendationId: r.id, asOf }),
    ]);
    return {
      recommendation: { ref: r.ref, title: r.title },
      asOf: asOf ?? null,
      progress,
      statuses: rows.map(
        ({ pairId: _p, recommendationId: _r, recommendationTitle: _t, ...v }) => v,
      ),
    };
  }
}
