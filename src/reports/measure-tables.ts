import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Fact, FactMeasure } from '../measures/measure.types.js';
import { isFactMeasure } from '../measures/measure.types.js';
import { timeline } from '../measures/measure-view.js';
import { MeasuresRepository, type ScopedPair } from '../measures/measures.repository.js';
import { ruleSentence } from '../measures/rule-text.js';
import { factsInForce, versionAt, type FactJudgement } from '../measures/timeline.js';
import type { Edition } from './dto/report-query.dto.js';

/** A pair as the tables name it. */
type NamedPair = Pick<ScopedPair, 'pairId' | 'subject'>;

/** One fact of a subject's history, as the State report's timeline prints it. */
export interface FactLineView {
  date: string;
  /** The fact in words: the instrument and step, the count and places, the rating and source. */
  fact: string;
  /** The status recorded with it. */
  status: string;
  /**
   * Set when an analyst set the status apart from the rule: the reason in the internal edition,
   * "set by hand" in the public one.
   */
  override: string | null;
}

/**
 * The table a report prints under a recommendation measured by facts, as of the report's date:
 * the step each State reached on each instrument and when, the count placed by each State and in
 * total, or each State's rating with its source and date. Only the States (and organisations)
 * with a fact by then have a row; the others are said in `without`.
 */
export type MeasureTableView = {
  /** The rule in a sentence, as the method section says it. */
  rule: string;
  /** The table's caption. */
  caption: string;
  /** Says which subjects in scope have no fact by the date (named when few); null when none. */
  without: string | null;
  /** Set when the table is of one subject's facts (the State report): its name. */
  subject: string | null;
  /** That subject's facts up to the date, oldest first (null in the tables of every subject). */
  timeline: { caption: string; lines: FactLineView[] } | null;
} & (
  | {
      kind: 'milestones';
      instruments: string[];
      rows: { name: string; cells: ({ step: string; date: string } | null)[] }[];
      /** Per instrument, how many subjects stand at each step ("CARICC Agreement: 2 ratified"). */
      summary: string[];
    }
  | {
      kind: 'count';
      unit: string;
      target: number;
      total: number;
      rows: { name: string; count: number; places: string | null; date: string }[];
    }
  | {
      kind: 'rating';
      scale: string;
      rows: { name: string; code: string; label: string; source: string; date: string }[];
    }
);

/** The facts in force on `asOf` of each pair in scope, by subject, as the table prints them. */
export function measureTable(
  ref: string,
  measure: FactMeasure,
  pairs: readonly NamedPair[],
  histories: ReadonlyMap<number, readonly FactJudgement[]>,
  asOf: string,
): MeasureTableView {
  const rule = ruleSentence(ref, measure);
  const inForce = pairs.map((p) => ({
    name: p.subject.name,
    facts: factsInForce(histories.get(p.pairId) ?? [], asOf).filter(
      (a) => a.fact.kind === measure.kind,
    ),
  }));
  const withFacts = inForce.filter((p) => p.facts.length > 0);
  const common = {
    rule,
    without: withoutNote(
      inForce.filter((p) => p.facts.length === 0).map((p) => p.name),
      withFacts.length,
      asOf,
    ),
    subject: null,
    timeline: null,
  };
  switch (measure.kind) {
    case 'milestones': {
      const { instruments } = measure.rule;
      const rows = withFacts.map((p) => ({
        name: p.name,
        cells: instruments.map((i) => {
          const a = p.facts.find((f) => instrumentOf(f.fact) === i.key);
          if (!a || a.fact.kind !== 'milestones') return null;
          const milestone = a.fact.milestone;
          const step = i.steps.find((s) => s.key === milestone)?.label ?? milestone;
          return { step, date: a.assessedOn };
        }),
      }));
      const summary = instruments.map((i, k) => {
        const counts = i.steps
          .map((s) => ({
            label: s.label.toLowerCase(),
            n: rows.filter((r) => r.cells[k]?.step === s.label).length,
          }))
          .filter((c) => c.n > 0)
          .map((c) => `${c.n} ${c.label}`);
        return `${i.label}: ${counts.length > 0 ? counts.join(', ') : 'no step recorded'}`;
      });
      return {
        kind: 'milestones',
        ...common,
        caption: `Steps reached by ${asOf}, with the date of each`,
        instruments: instruments.map((i) => i.label),
        rows,
        summary,
      };
    }
    case 'count': {
      const rows = withFacts.flatMap((p) => {
        const a = p.facts[p.facts.length - 1];
        return a.fact.kind === 'count'
          ? [
              {
                name: p.name,
                count: a.fact.count,
                places: a.fact.places.length > 0 ? a.fact.places.join(', ') : null,
                date: a.assessedOn,
              },
            ]
          : [];
      });
      const total = rows.reduce((n, r) => n + r.count, 0);
      return {
        kind: 'count',
        ...common,
        caption: `${capitalise(measure.rule.unit)} by ${asOf}: ${total} in total`,
        unit: measure.rule.unit,
        target: measure.rule.target,
        total,
        rows,
      };
    }
    case 'rating': {
      const rows = withFacts.flatMap((p) => {
        const a = p.facts[p.facts.length - 1];
        if (a.fact.kind !== 'rating') return [];
        const code = a.fact.rating;
        const grade = measure.rule.ratings.find((r) => r.code === code);
        return [
          {
            name: p.name,
            code,
            label: grade?.label ?? code,
            source: a.fact.source,
            date: a.assessedOn,
          },
        ];
      });
      return {
        kind: 'rating',
        ...common,
        caption: `${measure.rule.scale} ratings in force on ${asOf}, with their source and date`,
        scale: measure.rule.scale,
        rows,
      };
    }
  }
}

/**
 * One subject's facts of a measured recommendation as of `asOf`: the table of its facts in force
 * (the same as in the tables of every subject, with its row alone) and its timeline, every fact
 * recorded up to the date with the status recorded with it.
 */
export function subjectMeasureTable(
  ref: string,
  measure: FactMeasure,
  pair: NamedPair,
  history: readonly FactJudgement[],
  asOf: string,
  edition: Edition,
): MeasureTableView {
  const table = measureTable(ref, measure, [pair], new Map([[pair.pairId, history]]), asOf);
  const lines = timeline(
    measure,
    history.filter((a) => a.assessedOn <= asOf),
  ).map((e) => ({
    date: e.assessedOn,
    fact: e.text,
    status: e.statusLabel,
    override:
      e.overrideReason === null
        ? null
        : edition === 'internal'
          ? `Set by hand: ${e.overrideReason}`
          : 'Set by hand',
  }));
  return {
    ...table,
    subject: pair.subject.name,
    timeline:
      lines.length > 0
        ? { caption: `Facts recorded for ${pair.subject.name} up to ${asOf}, oldest first`, lines }
        : null,
  };
}

/** At most this many subjects without a fact are named; more are counted. */
const NAMED_WITHOUT = 12;

function withoutNote(names: readonly string[], withFacts: number, asOf: string): string | null {
  if (names.length === 0) return null;
  if (withFacts === 0 && names.length > 1)
    return `No fact recorded by ${asOf} for any of the ${names.length} in scope.`;
  if (names.length > NAMED_WITHOUT) {
    return `No fact recorded by ${asOf} for the other ${names.length} in scope.`;
  }
  return `No fact recorded by ${asOf} for ${names.join(', ')}.`;
}

function instrumentOf(fact: Fact): string | null {
  return fact.kind === 'milestones' ? fact.instrument : null;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Reads what the measure tables of reports need: for each recommendation measured by facts, the
 * rule in force at the report's date, its pairs in scope and their histories.
 */
@Injectable()
export class MeasureTablesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly measures: MeasuresRepository,
  ) {}

  /** The table of each of these recommendations measured by facts, by recommendation id. */
  async tables(
    recommendations: readonly { id: number; ref: string }[],
    asOf: string,
  ): Promise<Map<number, MeasureTableView>> {
    const manager = this.dataSource.manager;
    const measured = new Set(
      (await this.measures.measured(manager)).map((r) => r.recommendationId),
    );
    const out = new Map<number, MeasureTableView>();
    for (const rec of recommendations) {
      if (!measured.has(rec.id)) continue;
      const version = versionAt(await this.measures.versions(manager, rec.id), asOf);
      if (!version || !isFactMeasure(version.measure)) continue;
      const [pairs, histories] = await Promise.all([
        this.measures.pairsInScope(manager, rec.id),
        this.measures.histories(manager, rec.id),
      ]);
      out.set(rec.id, measureTable(rec.ref, version.measure, [...pairs.values()], histories, asOf));
    }
    return out;
  }

  /**
   * The rule in force on `asOf` of each of these recommendations measured by facts, in a
   * sentence, in the order given: what a method section says, without reading any pair.
   */
  async rules(
    recommendations: readonly { recommendationId: number; ref: string }[],
    asOf: string,
  ): Promise<string[]> {
    const manager = this.dataSource.manager;
    const measured = new Set(
      (await this.measures.measured(manager)).map((r) => r.recommendationId),
    );
    const out: string[] = [];
    for (const rec of recommendations) {
      if (!measured.has(rec.recommendationId)) continue;
      const version = versionAt(await this.measures.versions(manager, rec.recommendationId), asOf);
      if (version && isFactMeasure(version.measure))
        out.push(ruleSentence(rec.ref, version.measure));
    }
    return out;
  }

  /**
   * One subject's facts of each of these pairs' recommendations measured by facts, by
   * recommendation id: the facts in force on `asOf` and the timeline up to it.
   */
  async subjectTables(
    pairs: readonly (NamedPair & { recommendationId: number; ref: string })[],
    asOf: string,
    edition: Edition,
  ): Promise<Map<number, MeasureTableView>> {
    const manager = this.dataSource.manager;
    const measured = new Set(
      (await this.measures.measured(manager)).map((r) => r.recommendationId),
    );
    const out = new Map<number, MeasureTableView>();
    for (const pair of pairs) {
      if (!measured.has(pair.recommendationId)) continue;
      const version = versionAt(await this.measures.versions(manager, pair.recommendationId), asOf);
      if (!version || !isFactMeasure(version.measure)) continue;
      const history =
        (await this.measures.histories(manager, pair.recommendationId, pair.pairId)).get(
          pair.pairId,
        ) ?? [];
      out.set(
        pair.recommendationId,
        subjectMeasureTable(pair.ref, version.measure, pair, history, asOf, edition),
      );
    }
    return out;
  }
}
