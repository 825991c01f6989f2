import { InitialSchema1795400000000 } from './1795400000000-InitialSchema.js';
import { Accounts1795900000000 } from './1795900000000-Accounts.js';
import { RecommendationSearch1796100000000 } from './1796100000000-RecommendationSearch.js';
import { Imports1796200000000 } from './1796200000000-Imports.js';
import { SessionExpiry1796300000000 } from './1796300000000-SessionExpiry.js';
import { ReadIndexes1796400000000 } from './1796400000000-ReadIndexes.js';
import { StatusTotals1796500000000 } from './1796500000000-StatusTotals.js';
import { SearchWithoutAccents1796600000000 } from './1796600000000-SearchWithoutAccents.js';
import { EventOrderIndex1796700000000 } from './1796700000000-EventOrderIndex.js';
import { ThemeStatusTotals1796800000000 } from './1796800000000-ThemeStatusTotals.js';
import { PairMovedByAssessment1796900000000 } from './1796900000000-PairMovedByAssessment.js';
import { StateStatusDateIndex1797030000000 } from './1797030000000-StateStatusDateIndex.js';
import { Documents1797100000000 } from './1797100000000-Documents.js';
import { Measures1797200000000 } from './1797200000000-Measures.js';
import { StatusTotalsInBuckets1797300000000 } from './1797300000000-StatusTotalsInBuckets.js';
import { AssessmentStatusIndex1797410000000 } from './1797410000000-AssessmentStatusIndex.js';
import { PairFirstAssessment1797420000000 } from './1797420000000-PairFirstAssessment.js';

/** Every migration, oldest first. A new one is added here as well as in this folder. */
export const MIGRATIONS = [
  InitialSchema1795400000000,
  Accounts1795900000000,
  RecommendationSearch1796100000000,
  Imports1796200000000,
  SessionExpiry1796300000000,
  ReadIndexes1796400000000,
  StatusTotals1796500000000,
  SearchWithoutAccents1796600000000,
  EventOrderIndex1796700000000,
  ThemeStatusTotals1796800000000,
  PairMovedByAssessment1796900000000,
  StateStatusDateIndex1797030000000,
  Documents1797100000000,
  Measures1797200000000,
  StatusTotalsInBuckets1797300000000,
  AssessmentStatusIndex1797410000000,
  PairFirstAssessment1797420000000,
];
