import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInt } from './validation.js';

export const MAX_PAGE_SIZE = 200;

/**
 * The highest page number a list takes: far beyond any list's last page (a million pages of 200
 * rows), and well within what the databases take as an offset. A larger number is refused
 * (400, naming the field and this maximum) rather than reaching SQL.
 */
export const MAX_PAGE = 1_000_000;

/** A page number from the query string: a whole number from 1 to MAX_PAGE. */
export function PageNumber(): PropertyDecorator {
  const decorators = [
    IsOptional(),
    ToInt(),
    IsInt({ message: 'page must be a whole number' }),
    Min(1, { message: `page must be from 1 to ${MAX_PAGE}` }),
    Max(MAX_PAGE, { message: `page must be at most ${MAX_PAGE}` }),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @PageNumber()
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;
}

/**
 * Links to the pages of an API list: absolute paths keeping the request's other query
 * parameters (the `Link` header carries the same); `prev` and `next` are null at the ends.
 */
export interface PageNavigation {
  self: string;
  first: string;
  last: string;
  prev: string | null;
  next: string | null;
}

/**
 * The one shape of a list read a page at a time, in the API and in the services: the rows of
 * the page, where it is, and links to its neighbours.
 */
export interface Page<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pageSize: number;
  /** How many rows the whole list has. */
  total: number;
  /** How many pages of `pageSize` rows (0 for an empty list). */
  pages: number;
  links: PageNavigation;
}

/** The pages made by `page()`, which the API's page links interceptor completes. */
const PAGES = new WeakSet<object>();

export function isPage(value: unknown): value is Omit<Page<unknown>, 'items'> {
  return typeof value === 'object' && value !== null && PAGES.has(value);
}

/** Where a page is, for lists whose rows an answer carries elsewhere (the matrix's columns). */
export function pageInfo(
  query: { page: number; pageSize: number },
  total: number,
): Omit<Page<never>, 'items'> {
  const { items: _items, ...info } = page([], query, total);
  PAGES.add(info);
  return info;
}

/**
 * A page of a list. Its links are query strings (`?page=2&pageSize=20`) until the API answers
 * with it: `PageLinksInterceptor` then makes them paths keeping the request's other parameters.
 */
export function page<T>(
  items: T[],
  query: { page: number; pageSize: number },
  total: number,
): Page<T> {
  const pages = Math.ceil(total / query.pageSize);
  const made: Page<T> = {
    items,
    page: query.page,
    pageSize: query.pageSize,
    total,
    pages,
    links: pageNavigation('', {}, query.page, query.pageSize, pages),
  };
  PAGES.add(made);
  return made;
}

/** The links of page `current` of `pages` at `path`, keeping `params` (page and size set here). */
export function pageNavigation(
  path: string,
  params: Record<string, string>,
  current: number,
  pageSize: number,
  pages: number,
): PageNavigation {
  const link = (p: number): string => {
    const query = new URLSearchParams(params);
    query.set('page', String(p));
    query.set('pageSize', String(pageSize));
    return `${path}?${query.toString()}`;
  };
  return {
    self: link(current),
    first: link(1),
    last: link(Math.max(pages, 1)),
    prev: current > 1 ? link(Math.min(current - 1, Math.max(pages, 1))) : null,
    next: current < pages ? link(current + 1) : null,
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

/** Where a page of a list is, as its template says it: "21–40 of 95 (page 2 of 5)", with links. */
export interface PagingView {
  page: number;
  pageSize: number;
  total: number;
  pages: number;
  /** The rank of the first and last row shown (1-based). */
  first: number;
  last: number;
  links: PageLinks;
}

/**
 * The paging of a list page showing `shown` rows of `found`, its links to `path` keeping
 * `params` (a page size of 20, the default, left out).
 */
export function pagingView(
  found: { page: number; pageSize: number; total: number; pages: number },
  shown: number,
  path: string,
  params: Record<string, string | number | undefined | null>,
): PagingView {
  const start = (found.page - 1) * found.pageSize;
  return {
    page: found.page,
    pageSize: found.pageSize,
    total: found.total,
    pages: found.pages,
    first: start + 1,
    last: start + shown,
    links: pageLinks(
      path,
      { ...params, pageSize: found.pageSize === 20 ? undefined : found.pageSize },
      found.page,
      found.pages,
    ),
  };
}
