import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AsOfPageQueryDto } from '../assessments/dto/as-of-query.dto.js';
import { today } from '../common/dates.js';
import { ThemePagesService } from './theme-pages.service.js';
import {
  themePageViewModel,
  themesPageViewModel,
  type ThemePageView,
  type ThemesPageView,
} from './theme-pages.view-model.js';

/** The themes list and a theme's page: its recommendations across events, with their figures. */
@ApiExcludeController()
@Controller('themes')
export class ThemePagesController {
  constructor(private readonly themes: ThemePagesService) {}

  @Get()
  @Render('pages/themes/index')
  async index(): Promise<ThemesPageView> {
    return themesPageViewModel(await this.themes.list());
  }

  @Get(':slug')
  @Render('pages/themes/show')
  async show(
    @Param('slug') slug: string,
    @Query() query: AsOfPageQueryDto,
  ): Promise<ThemePageView> {
    return themePageViewModel(await this.themes.get(slug, query), query, today());
  }
}
