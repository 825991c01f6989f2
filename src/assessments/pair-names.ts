import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { State } from '../states/state.entity.js';

/** The names a list of pairs shows, as `withPairNames` selects them. */
export interface RawPairNames {
  ref: string;
  recommendationTitle: string;
  stateIso3: string | null;
  stateName: string | null;
  orgAcronym: string | null;
  orgName: string | null;
}

/** Adds the recommendation `r` and the State `s` or organisation `o` of pair `p` to a query. */
export function withPairNames<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
): SelectQueryBuilder<T> {
  return qb
    .innerJoin(Recommendation, 'r', 'r.id = p.recommendation_id')
    .leftJoin(State, 's', 's.id = p.state_id')
    .leftJoin('organisations', 'o', 'o.id = p.organisation_id')
    .addSelect('r.ref', 'ref')
    .addSelect('r.title', 'recommendationTitle')
    .addSelect('s.iso3', 'stateIso3')
    .addSelect('s.name', 'stateName')
    .addSelect('o.acronym', 'orgAcronym')
    .addSelect('o.name', 'orgName');
}

/** A pair's recommendation and subject as a page names them. */
export function pairNames(raw: RawPairNames): {
  ref: string;
  recommendationTitle: string;
  code: string;
  name: string;
} {
  return {
    ref: raw.ref,
    recommendationTitle: raw.recommendationTitle,
    code: raw.stateIso3 ?? raw.orgAcronym ?? '',
    name: raw.stateName ?? raw.orgName ?? '',
  };
}
