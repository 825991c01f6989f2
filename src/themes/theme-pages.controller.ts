import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AsOfPageQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { pageLinks } from '../common/paging.js';
import { STATUS_LEGEND } from '../assessments/status-view.js';
import { today } from '../common/dates.js';
import { ThemePagesService } from './theme-pages.service.js';

/** The themes list and a theme's page: its recommendations across events, with their figures. */
@ApiExcludeController()
@Controller('themes')
export class ThemePagesController {
  constructor(private readonly themes: ThemePagesService) {}

  @Get()
  @Render('pages/themes/index')
  async index(): Promise<object> {
    return { title: 'Themes', ...(await this.themes.list()) };
  }

  @Get(':slug')
  @Render('pages/themes/show')
  async show(@Param('slug') slug: string, @Query() query: AsOfPageQueryDto): Promise<object> {
    const theme = await this.themes.get(slug, query);
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
      today: today(),
      statusLegend: STATUS_LEGEND,
    };
  }
}
