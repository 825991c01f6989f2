/**
 * SQL pieces shared by the queries over tracked pairs (alias `p`) and recommendations
 * (alias `r`), so the as-of rule and the filters are written once.
 */
import { ImplementationStatus } from './implementation-status.enum.js';

const NO_INFORMATION = ImplementationStatus.NoInformation;

/**
 * A column of pair `p`'s assessment in force on :asOf: the latest by assessedOn, then by id (null
 * when none was dated by then). The index on (pair_id, assessed_on, id, status) answers it alone
 * for the id and the status: one seek a pair, no row read.
 */
function inForceAsOf(column: 'id' | 'status'): string {
  return `(SELECT a2.${column} FROM assessments a2 WHERE a2.pair_id = p.id AND a2.assessed_on <= :asOf
  ORDER BY a2.assessed_on DESC, a2.id DESC LIMIT 1)`;
}

/** The id of pair `p`'s assessment in force on :asOf, to join it when more than its status is read. */
export const ASSESSMENT_ID_AS_OF = inForceAsOf('id');

/**
 * The status of pair `p` in force on :asOf, "no information" when none was. The pair's own dates
 * decide most pairs without a look at their assessments: none is in force before the first one
 * (or when there is none), and from the date of the current one (the latest of all, by
 * assessedOn then id) on, it is the one in force. Only a pair assessed both before and after
 * the date looks up its assessment in force.
 */
export const STATUS_AS_OF = `CASE
  WHEN p.first_assessed_on IS NULL OR p.first_assessed_on > :asOf THEN '${NO_INFORMATION}'
  WHEN p.assessed_on <= :asOf THEN p.status
  ELSE COALESCE(${inForceAsOf('status')}, '${NO_INFORMATION}') END`;

/*
 * Filters are `IN (subquery)`, never a correlated `EXISTS`: SQLite 3.52 drops the OFFSET of an
 * ordered scan joined to an `EXISTS` subquery, so page 2 of a filtered list came back as page 1.
 */

/** Recommendation `r` has the theme :themeId. */
export const HAS_THEME =
  'r.id IN (SELECT rt.recommendation_id FROM recommendation_themes rt WHERE rt.theme_id = :themeId)';

/** Recommendation `r` is linked to the organisation :organisationId. */
export const HAS_ORGANISATION =
  'r.id IN (SELECT ro.recommendation_id FROM recommendation_organisations ro WHERE ro.organisation_id = :organisationId)';

/** Pair `p` belongs to a recommendation of the event :eventId. */
export const PAIR_OF_EVENT =
  'p.recommendation_id IN (SELECT ev.id FROM recommendations ev WHERE ev.event_id = :eventId)';

/** Pair `p` belongs to a recommendation with the theme :themeId. */
export const PAIR_HAS_THEME =
  'p.recommendation_id IN (SELECT rt.recommendation_id FROM recommendation_themes rt WHERE rt.theme_id = :themeId)';

/** Pair `p` belongs to a recommendation linked to the organisation :organisationId. */
export const PAIR_HAS_ORGANISATION =
  'p.recommendation_id IN (SELECT ro.recommendation_id FROM recommendation_organisations ro WHERE ro.organisation_id = :organisationId)';
