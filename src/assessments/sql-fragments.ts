/**
 * SQL pieces shared by the queries over tracked pairs (alias `p`) and recommendations
 * (alias `r`), so the as-of rule and the filters are written once.
 */

/** The id of pair `p`'s assessment in force on :asOf: latest by assessedOn, then by id. */
export const ASSESSMENT_ID_AS_OF = `(SELECT a2.id FROM assessments a2 WHERE a2.pair_id = p.id AND a2.assessed_on <= :asOf
  ORDER BY a2.assessed_on DESC, a2.id DESC LIMIT 1)`;

/** The status of pair `p` in force on :asOf (null when never assessed by then). */
export const STATUS_AS_OF = `(SELECT a3.status FROM assessments a3 WHERE a3.id = ${ASSESSMENT_ID_AS_OF})`;

/** Recommendation `r` has the theme :themeId. */
export const HAS_THEME =
  'EXISTS (SELECT 1 FROM recommendation_themes rt WHERE rt.recommendation_id = r.id AND rt.theme_id = :themeId)';

/** Recommendation `r` is linked to the organisation :organisationId. */
export const HAS_ORGANISATION =
  'EXISTS (SELECT 1 FROM recommendation_organisations ro WHERE ro.recommendation_id = r.id AND ro.organisation_id = :organisationId)';
