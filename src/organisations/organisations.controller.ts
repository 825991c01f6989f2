import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Organisation } from './organisation.entity.js';
import { ApiAnswer } from '../openapi/responses.js';

export interface OrganisationView {
  acronym: string;
  name: string;
  parent: string | null;
}

@ApiTags('reference data')
@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(@InjectRepository(Organisation) private readonly orgs: Repository<Organisation>) {}

  @Get()
  @ApiOperation({ summary: 'Organisations linked to recommendations and events' })
  @ApiAnswer(200, ['OrganisationView'], 'The organisations by acronym')
  async list(): Promise<OrganisationView[]> {
    const rows = await this.orgs.find({ relations: { parent: true }, order: { acronym: 'ASC' } });
    return rows.map((o) => ({
      acronym: o.acronym,
      name: o.name,
      parent: o.parent?.acronym ?? null,
    }));
  }
}
