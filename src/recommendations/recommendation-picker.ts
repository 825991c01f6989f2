import { recommendationSearch } from '../database/dialect.js';
import type { PickerSource } from '../common/views/picker.js';
import { Recommendation } from './recommendation.entity.js';

/**
 * Recommendations by ref or words of their title (each word the beginning of a word, as in the
 * list's search box), event by event in their order.
 */
export const RECOMMENDATION_SOURCE: PickerSource<Recommendation> = {
  entity: Recommendation,
  alias: 'r',
  key: 'r.ref',
  title: 'r.title',
  detail: (qb) => qb.innerJoin('r.event', 'ev').addSelect('ev.title', 'detail'),
  readDetail: (raw) => (typeof raw === 'string' ? raw : null),
  order: [
    ['r.event_id', 'ASC'],
    ['r.position', 'ASC'],
  ],
  // The full-text index of the recommendations (ref, title and text: every word begins a word
  // there) first: reading every title of a large index costs about 100 ms.
  narrow: (qb, text) => {
    const search = recommendationSearch(qb.connection, text, 'r');
    if (search) qb.andWhere(search.where, search.params);
  },
  singular: 'recommendation',
  plural: 'recommendations',
  keyName: 'ref',
  option: (c) => `${c.key} ${c.title}`,
  note: (c) => c.detail ?? '',
  shown: (c) => `${c.key} ${c.title}`,
};
