import { NotFoundError } from '../common/errors.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { OTHER_REGION, regionOf, type Region } from '../states/regions.js';
import { State, type StateGroup } from '../states/state.entity.js';
import type { Subject } from './subject.js';

/** How long the list of States and organisations is kept in memory. */
const CACHE_MS = 60_000;

/**
 * Finds the State (by ISO3 code) or organisation (by acronym) that a URL or CSV line names.
 * Both lists are reference data that only the seed changes: they are read whole once a minute
 * rather than twice on every write, and a code not in memory is looked up at once.
 */
@Injectable()
export class SubjectsService {
  private cache: {
    byCode: Map<string, Subject>;
    groups: Map<string, StateGroup>;
    until: number;
  } | null = null;

  constructor(
    @InjectRepository(State) private readonly states: Repository<State>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
  ) {}

  async find(code: string): Promise<Subject | null> {
    const key = code.trim().toUpperCase();
    const known = (await this.known()).byCode.get(key);
    if (known) return known;
    const state = await this.states.findOneBy({ iso3: key });
    if (state) return { kind: 'state', id: state.id, code: state.iso3, name: state.name };
    const org = await this.organisations.findOneBy({ acronym: key });
    if (org) return { kind: 'organisation', id: org.id, code: org.acronym, name: org.name };
    return null;
  }

  /** The region of a subject (a partner State's group is its region; organisations: other). */
  async regionFinder(): Promise<(subject: Pick<Subject, 'kind' | 'code'>) => Region> {
    const { groups } = await this.known();
    return (subject) =>
      subject.kind === 'state' ? regionOf(subject.code, groups.get(subject.code)) : OTHER_REGION;
  }

  private async known(): Promise<{
    byCode: Map<string, Subject>;
    groups: Map<string, StateGroup>;
  }> {
    if (this.cache && this.cache.until > Date.now()) return this.cache;
    const [states, organisations] = await Promise.all([
      this.states.find({ select: { id: true, iso3: true, name: true, group: true } }),
      this.organisations.find({ select: { id: true, acronym: true, name: true } }),
    ]);
    const byCode = new Map<string, Subject>();
    // A State's code wins over an organisation's acronym, as in the lookup.
    for (const o of organisations) {
      byCode.set(o.acronym, { kind: 'organisation', id: o.id, code: o.acronym, name: o.name });
    }
    for (const st of states) {
      byCode.set(st.iso3, { kind: 'state', id: st.id, code: st.iso3, name: st.name });
    }
    const groups = new Map(states.map((st) => [st.iso3, st.group]));
    this.cache = { byCode, groups, until: Date.now() + CACHE_MS };
    return this.cache;
  }

  async get(code: string): Promise<Subject> {
    const subject = await this.find(code);
    if (!subject) {
      throw new NotFoundError(
        `No State with ISO 3166 alpha-3 code (or organisation with acronym) "${code}"`,
      );
    }
    return subject;
  }

  async getState(iso3: string): Promise<State> {
    const state = await this.states.findOneBy({ iso3: iso3.trim().toUpperCase() });
    if (!state) throw new NotFoundError(`No State with ISO 3166 alpha-3 code "${iso3}"`);
    return state;
  }
}
