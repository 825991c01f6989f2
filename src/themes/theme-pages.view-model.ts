import type { AsOfPageQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { STATUS_LEGEND } from '../assessments/status-view.js';
import { pageLinks, type PageLinks } from '../common/paging.js';
import type { ThemeIndexView, ThemeView } from './theme-pages.service.js';

export interface ThemesPageView extends ThemeIndexView {
  title: string;
}

export interface ThemePageView {
  title: string;
  theme: ThemeView;
  links: PageLinks;
  asOf: string | null;
  /** The latest date the as-of field takes. */
  today: string;
  statusLegend: typeof STATUS_LEGEND;
}

/** The themes list: each theme with its recommendations and current figures. */
export function themesPageViewModel(index: ThemeIndexView): ThemesPageView {
  return { title: 'Themes', ...index };
}

/** A theme's page: its recommendations event by event, a page at a time, as of a date. */
export function themePageViewModel(
  theme: ThemeView,
  query: AsOfPageQueryDto,
  today: string,
): ThemePageView {
  return {
    title: theme.title,
    theme,
    links: pageLinks(
      `/themes/${theme.slug}`,
      { asOf: query.asOf, pageSize: query.pageSize === 20 ? undefined : query.pageSize },
      theme.page.page,
      theme.page.pages,
    ),
    asOf: query.asOf ?? null,
    today,
    statusLegend: STATUS_LEGEND,
  };
}
