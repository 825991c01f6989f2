import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { State } from '../states/state.entity.js';
import type { Subject } from './subject.js';

/** Finds the State (by ISO3 code) or organisation (by acronym) that a URL or CSV line names. */
@Injectable()
export class SubjectsService {
  constructor(
    @InjectRepository(State) private readonly states: Repository<State>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
  ) {}

  async find(code: string): Promise<Subject | null> {
    const key = code.trim().toUpperCase();
    const state = await this.states.findOneBy({ iso3: key });
    if (state) return { kind: 'state', id: state.id, code: state.iso3, name: state.name };
    const org = await this.organisations.findOneBy({ acronym: key });
    if (org) return { kind: 'organisation', id: org.id, code: org.acronym, name: org.name };
    return null;
  }

  async get(code: string): Promise<Subject> {
    const subject = await this.find(code);
    if (!subject) {
      throw new NotFoundException(
        `No State with ISO 3166 alpha-3 code (or organisation with acronym) "${code}"`,
      );
    }
    return subject;
  }

  async getState(iso3: string): Promise<State> {
    const state = await this.states.findOneBy({ iso3: iso3.trim().toUpperCase() });
    if (!state) throw new NotFoundException(`No State with ISO 3166 alpha-3 code "${iso3}"`);
    return state;
  }
}
