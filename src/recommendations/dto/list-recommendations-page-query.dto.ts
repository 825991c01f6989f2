import { IsIn, IsOptional } from 'class-validator';
import {
  RECOMMENDATION_SORTS,
  type RecommendationSort,
  type SortDirection,
} from '../list-order.js';
import { ListRecommendationsQueryDto } from './list-recommendations-query.dto.js';

/** The recommendations list page: the API's filters, and a column to sort by within each event. */
export class ListRecommendationsPageQueryDto extends ListRecommendationsQueryDto {
  @IsOptional()
  @IsIn(RECOMMENDATION_SORTS, { message: 'Sort must be one of the table columns' })
  sort?: RecommendationSort;

  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'Direction must be asc or desc' })
  dir?: SortDirection;
}
