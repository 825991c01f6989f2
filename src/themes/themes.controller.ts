import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Theme } from './theme.entity.js';
import { ApiAnswer } from '../openapi/responses.js';

export interface ThemeRefView {
  slug: string;
  title: string;
}

@ApiTags('reference data')
@Controller('api/v1/themes')
export class ThemesController {
  constructor(@InjectRepository(Theme) private readonly themes: Repository<Theme>) {}

  @Get()
  @ApiOperation({ summary: 'Themes recommendations are grouped by' })
  @ApiAnswer(200, ['ThemeRefView'], 'The themes by title')
  async list(): Promise<ThemeRefView[]> {
    const rows = await this.themes.find({ order: { title: 'ASC' } });
    return rows.map(({ slug, title }) => ({ slug, title }));
  }
}
