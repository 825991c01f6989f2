import { sqlBool } from '../database/dialect.js';
import { Injectable } from '@nestjs/common';
import { ConflictError } from '../common/errors.js';
import { Not } from 'typeorm';
import { Assessment } from '../assessments/assessment.entity.js';
import { Pair } from '../assessments/pair.entity.js';
import { PairsRepository } from '../assessments/pairs.repository.js';
import { Event } from '../events/event.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { Setting } from '../database/setting.entity.js';
import { advanceSequences } from '../database/sequences.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { MeasuresRepository } from '../measures/measures.repository.js';
import {
  DEMO_AUTHOR,
  generateDemoAssessments,
  generateDemoFacts,
  type DemoMeasuredPair,
  type DemoPair,
} from './demo-data.js';

/** Set when the demo data set has been loaded; every page then says DEMO DATA. */
export const DEMO_SETTING = 'demo_data';

/** Loads the clearly labelled synthetic demo data set into a database without real assessments. */
@Injectable()
export class DemoService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly pairs: PairsRepository,
    private readonly measures: MeasuresRepository,
  ) {}

  async load(seed = 2010): Promise<{ assessments: number; pairs: number; alreadyLoaded: boolean }> {
    return this.transactions.run(async (manager) => {
      if (await manager.existsBy(Setting, { key: DEMO_SETTING })) {
        return { assessments: 0, pairs: 0, alreadyLoaded: true };
      }
      if (await manager.existsBy(Assessment, { author: Not(DEMO_AUTHOR) })) {
        throw new ConflictError(
          'This database already holds real assessments; the demo data set goes only into a database without any.',
        );
      }
      const pairs = await manager
        .createQueryBuilder()
        .select('p.id', 'pairId')
        .addSelect('p.recommendation_id', 'recommendationId')
        .addSelect('e.start_date', 'startDate')
        .from(Pair, 'p')
        .innerJoin(Recommendation, 'r', 'r.id = p.recommendation_id')
        .innerJoin(Event, 'e', 'e.id = r.event_id')
        .where('p.in_scope = :inScope', { inScope: sqlBool(manager, true) })
        .orderBy('p.id')
        .getRawMany<{ pairId: number; recommendationId: number; startDate: string | null }>();
      // Recommendations measured by facts get facts, and the statuses their rule derives.
      const measured = new Map<number, DemoMeasuredPair['versions']>();
      for (const m of await this.measures.measured(manager)) {
        measured.set(m.recommendationId, await this.measures.versions(manager, m.recommendationId));
      }
      const judged: DemoPair[] = [];
      const factual: DemoMeasuredPair[] = [];
      for (const p of pairs) {
        const pair = {
          pairId: Number(p.pairId),
          eventYear: p.startDate ? Number(String(p.startDate).slice(0, 4)) : null,
        };
        const versions = measured.get(Number(p.recommendationId));
        if (versions) factual.push({ ...pair, versions });
        else judged.push(pair);
      }
      const generated = [
        ...generateDemoAssessments(judged, seed),
        ...generateDemoFacts(factual, seed + 1),
      ];
      const rows = generated.map((a) => ({
        ...a,
        evidenceUrl: null,
        author: DEMO_AUTHOR,
        userId: null,
        apiTokenId: null,
      }));
      // Only into a database without real assessments, inside this one transaction.
      await this.pairs.load(manager, rows);
      await manager.insert(Setting, { key: DEMO_SETTING, value: new Date().toISOString() });
      // As after every bulk load: no sequence left behind an id the load wrote.
      await advanceSequences(manager);
      return {
        assessments: rows.length,
        pairs: new Set(rows.map((r) => r.pairId)).size,
        alreadyLoaded: false,
      };
    });
  }
}
