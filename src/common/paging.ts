import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInt } from './validation.js';

export const MAX_PAGE_SIZE = 200;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  pages: number;
}

export function page<T>(items: T[], query: PageQueryDto, total: number): Page<T> {
  return {
    items,
    page: query.page,
    pageSize: query.pageSize,
    total,
    pages: Math.ceil(total / query.pageSize),
  };
}

/** Links to the previous and next page of a list page, keeping its other query parameters. */
export interface PageLinks {
  previous: string | null;
  next: string | null;
}

export function pageLinks(
  path: string,
  params: Record<string, string | number | undefined | null>,
  current: number,
  pages: number,
): PageLinks {
  const kept = Object.entries(params).filter(
    (e): e is [string, string | number] =>
      e[0] !== 'page' && e[1] !== undefined && e[1] !== null && e[1] !== '',
  );
  const link = (p: number): string =>
    `${path}?${new URLSearchParams([...kept.map(([k, v]): [string, string] => [k, String(v)]), ['page', String(p)]]).toString()}`;
  return {
    previous: current > 1 ? link(current - 1) : null,
    next: current < pages ? link(current + 1) : null,
  };
}
