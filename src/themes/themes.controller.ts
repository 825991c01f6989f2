import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Theme } from './theme.entity.js';

@ApiTags('reference data')
@Controller('api/v1/themes')
export class ThemesController {
  constructor(@InjectRepository(Theme) private readonly themes: Repository<Theme>) {}

  @Get()
  @ApiOperation({ summary: 'Themes recommendations are grouped by' })
  async list(): Promise<{ slug: string; title: string }[]> {
    const rows = await this.themes.find({ order: { title: 'ASC' } });
    return rows.map(({ slug, title }) => ({ slug, title }));
  }
}
