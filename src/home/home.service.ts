import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { percent } from '../common/views/hbs-helpers.js';
import { Event } from '../events/event.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { State } from '../states/state.entity.js';
import { StatusesRepository } from '../assessments/statuses.repository.js';

export interface HomeView {
  title: string;
  counts: { states: number; events: number; recommendations: number; pairs: number };
  figures: { implementationRate: string; progressIndex: string; coverage: string };
}

@Injectable()
export class HomeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly statuses: StatusesRepository,
  ) {}

  async view(): Promise<HomeView> {
    const [states, events, recommendations, progress] = await Promise.all([
      this.dataSource.getRepository(State).count(),
      this.dataSource.getRepository(Event).count(),
      this.dataSource.getRepository(Recommendation).count(),
      this.statuses.progress({}),
    ]);
    return {
      title: 'Recommendation Tracker',
      counts: { states, events, recommendations, pairs: progress.pairs },
      figures: {
        implementationRate: percent(progress.implementationRate),
        progressIndex: percent(progress.progressIndex),
        coverage: percent(progress.coverage),
      },
    };
  }

  async health(): Promise<{ status: 'ok'; database: 'ok' }> {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok', database: 'ok' };
  }
}
