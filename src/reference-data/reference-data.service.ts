import { Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager, In } from 'typeorm';
import { projectRoot } from '../common/project-root.js';
import { LOCKS, takeTurns } from '../database/dialect.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { EventSession } from '../events/event-session.entity.js';
import { Event, EventKind } from '../events/event.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Addressee } from '../recommendations/addressee.enum.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { applyScope, defaultScope } from '../recommendations/scope.js';
import { State, StateGroup } from '../states/state.entity.js';
import { Theme } from '../themes/theme.entity.js';
import { today } from '../common/dates.js';
import { Measure } from '../measures/measure.entity.js';
import { measureRow, REFERENCE_DATA_AUTHOR } from '../measures/measures.repository.js';
import { parseMeasure } from '../measures/rules.js';
import type { MeasureRecord, ReferenceData } from './reference-data.types.js';

export interface LoadSummary {
  states: number;
  organisations: number;
  themes: number;
  events: number;
  sessions: number;
  recommendations: number;
  pairs: number;
  measures: number;
}

export function referenceDataFolder(): string {
  return join(projectRoot(), 'src', 'reference-data', 'data');
}

/** Reads the project's copy of the reference data (States, organisations, themes, events). */
export function readReferenceData(folder = referenceDataFolder()): ReferenceData {
  const read = <T>(file: string, key: string): T =>
    (JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, T>)[key];
  return {
    states: read('states.json', 'states'),
    organisations: read('organisations.json', 'organisations'),
    themes: read('themes.json', 'themes'),
    events: read('workshops.json', 'workshops'),
    measures: read('measures.json', 'measures'),
  };
}

/**
 * Loads the reference data. Only what is missing is inserted (matched by ISO3 code, acronym,
 * slug, session number and ref), all in one transaction, so loading twice changes nothing and
 * nothing an analyst changed since is overwritten.
 */
@Injectable()
export class ReferenceDataService {
  private readonly logger = new Logger(ReferenceDataService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {}

  async isEmpty(): Promise<boolean> {
    return (await this.dataSource.getRepository(State).count()) === 0;
  }

  /** Loads the reference data into an empty database; does nothing otherwise. */
  async loadIfEmpty(): Promise<LoadSummary | null> {
    if (!(await this.isEmpty())) return null;
    const summary = await this.load();
    // Another instance starting at the same moment loaded it first.
    if (Object.values(summary).every((n) => n === 0)) return null;
    this.logger.log(
      `Loaded reference data: ${summary.states} States, ${summary.organisations} organisations, ` +
        `${summary.themes} themes, ${summary.events} events, ${summary.recommendations} recommendations, ` +
        `${summary.pairs} tracked pairs`,
    );
    return summary;
  }

  load(data: ReferenceData = readReferenceData()): Promise<LoadSummary> {
    return this.transactions.run((manager) => loadReferenceData(manager, data));
  }
}

export async function loadReferenceData(
  manager: EntityManager,
  data: ReferenceData,
): Promise<LoadSummary> {
  const summary: LoadSummary = {
    states: 0,
    organisations: 0,
    themes: 0,
    events: 0,
    sessions: 0,
    recommendations: 0,
    pairs: 0,
    measures: 0,
  };
  // Instances starting at once on an empty PostgreSQL database: the later one finds it loaded.
  await takeTurns(manager, LOCKS.referenceData);

  const knownStates = new Set((await manager.find(State)).map((s) => s.iso3));
  const newStates = data.states.filter((s) => !knownStates.has(s.iso3));
  if (newStates.length) {
    await manager.insert(
      State,
      newStates.map((s) => ({
        iso3: s.iso3,
        iso2: s.iso2,
        isoNumeric: s.isoNumeric,
        name: s.name,
        group: s.group as StateGroup,
      })),
    );
  }
  summary.states = newStates.length;
  const states = new Map((await manager.find(State)).map((s) => [s.iso3, s]));

  // Parents first: an organisation's parent is inserted before it.
  const orgs = new Map((await manager.find(Organisation)).map((o) => [o.acronym, o]));
  for (const o of data.organisations) {
    if (orgs.has(o.acronym)) continue;
    const parentId = o.parent ? (orgs.get(o.parent)?.id ?? null) : null;
    const saved = await manager.save(
      manager.create(Organisation, { acronym: o.acronym, name: o.name, parentId }),
    );
    orgs.set(o.acronym, saved);
    summary.organisations += 1;
  }

  const knownThemes = new Set((await manager.find(Theme)).map((t) => t.slug));
  const newThemes = data.themes.filter((t) => !knownThemes.has(t.slug));
  if (newThemes.length) await manager.insert(Theme, newThemes);
  summary.themes = newThemes.length;
  const themes = new Map((await manager.find(Theme)).map((t) => [t.slug, t]));

  const pick = <T>(map: Map<string, T>, keys: string[] | undefined, what: string): T[] =>
    (keys ?? []).map((k) => {
      const v = map.get(k);
      if (!v) throw new Error(`Reference data names an unknown ${what} "${k}"`);
      return v;
    });

  for (const e of data.events) {
    let event = await manager.findOneBy(Event, { slug: e.slug });
    if (!event) {
      event = await manager.save(
        manager.create(Event, {
          slug: e.slug,
          title: e.title,
          kind: e.kind as EventKind,
          startDate: e.startDate,
          endDate: e.endDate,
          publishedOn: e.publishedOn,
          venue: e.venue,
          city: e.city,
          countryId: e.country ? pick(states, [e.country], 'State')[0].id : null,
          summary: e.summary,
          source: e.source,
          participantsCount: e.participantsCount ?? null,
          participatingStatesNote: e.participatingStatesNote ?? null,
          audience: e.audience,
          tags: e.tags,
          organisers: pick(orgs, e.organisers, 'organisation'),
          participatingStates: pick(states, e.participatingStates, 'State'),
          funders: pick(states, e.fundedBy, 'State'),
        }),
      );
      summary.events += 1;
    }

    let position = await manager.count(Recommendation, { where: { eventId: event.id } });
    for (const [sessionIndex, s] of e.sessions.entries()) {
      let session = await manager.findOneBy(EventSession, { eventId: event.id, number: s.number });
      if (!session) {
        session = await manager.save(
          manager.create(EventSession, {
            eventId: event.id,
            number: s.number,
            title: s.title,
            position: sessionIndex + 1,
          }),
        );
        summary.sessions += 1;
      }
      const refs = s.recommendations.map((r) => r.ref);
      const known = new Set(
        refs.length
          ? (await manager.find(Recommendation, { where: { ref: In(refs) } })).map((r) => r.ref)
          : [],
      );
      for (const r of s.recommendations) {
        if (known.has(r.ref)) continue;
        position += 1;
        const rec = await manager.save(
          manager.create(Recommendation, {
            ref: r.ref,
            eventId: event.id,
            sessionId: session.id,
            position,
            title: r.title,
            text: r.text,
            addressee: r.addressee as Addressee,
            themes: pick(themes, r.themes, 'theme'),
            organisations: pick(orgs, r.organisations, 'organisation'),
          }),
        );
        const scope = await applyScope(manager, rec.id, await defaultScope(manager, rec.addressee));
        summary.recommendations += 1;
        summary.pairs += scope.added;
      }
    }
  }
  summary.measures = await loadMeasures(manager, data.measures ?? []);
  return summary;
}

/**
 * Gives the recommendations of the reference data their measure, as its first version, where
 * they have none yet: a measure an admin set (graded included) is never replaced. A measure that
 * breaks a rule stops the load, naming it.
 */
async function loadMeasures(manager: EntityManager, records: MeasureRecord[]): Promise<number> {
  let added = 0;
  for (const record of records) {
    const recommendation = await manager.findOneBy(Recommendation, { ref: record.ref });
    if (!recommendation) {
      throw new Error(
        `Reference data gives a measure to an unknown recommendation "${record.ref}"`,
      );
    }
    if (await manager.existsBy(Measure, { recommendationId: recommendation.id })) continue;
    const parsed = parseMeasure(record);
    if (!parsed.ok) {
      throw new Error(
        `Reference data: the measure of ${record.ref} is refused: ${parsed.problems.map((p) => p.message).join('; ')}`,
      );
    }
    await manager.insert(Measure, {
      ...measureRow(parsed.measure),
      recommendationId: recommendation.id,
      version: 1,
      effectiveOn: today(),
      note: record.note ?? null,
      author: REFERENCE_DATA_AUTHOR,
      userId: null,
      apiTokenId: null,
    });
    added += 1;
  }
  return added;
}
