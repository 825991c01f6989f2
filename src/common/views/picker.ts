import {
  DataSource,
  type EntityTarget,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from 'typeorm';
import { searchWords } from '../../database/dialect.js';

/** Up to this many rows, a picker offers them all in a select; beyond, a search field. */
export const PICKER_SELECT_MAX = 200;

/** How many rows a search lists when several match what was typed. */
export const PICKER_CHOICES_SHOWN = 20;

/** One row a picker may stand for: its key (slug, ref), title and a detail (date, event). */
export interface Choice {
  key: string;
  title: string;
  detail: string | null;
}

/** What a picker's parameter stands for, and how many rows there are when learnt on the way. */
export type Pick = { count: number | null } & (
  | { kind: 'none' }
  /** A key as given (`exact`), or words that match that row only. */
  | { kind: 'one'; choice: Choice; exact: boolean }
  /** Words that match several rows: the first few, and how many in all. */
  | { kind: 'several'; text: string; choices: Choice[]; total: number }
  | { kind: 'unknown'; text: string }
);

/** A picker as its partial (`event-picker`) draws it: a select, or a search field. */
export interface PickerView {
  id: string;
  name: string;
  label: string;
  /** What the search field takes, e.g. "slug or words of its title". */
  hint: string;
  /** The plural noun, for "3 events match". */
  plural: string;
  /** The select's empty option (null: none, the field is required). */
  empty: string | null;
  required: boolean;
  /** Few rows: every one, for a select. Null: a search field instead. */
  options: { value: string; label: string; selected: boolean }[] | null;
  /** The search field's value: the chosen row's key, or the words typed. */
  value: string;
  /** The line under the search field: the row shown, or what an empty field means. */
  about: string;
  /** Several rows matched: links to pick one. */
  choices: { label: string; note: string; href: string }[];
  /** How many rows matched, and how many more than `choices` lists. */
  total: number;
  more: number;
  /** Why the words typed name nothing. */
  error: string | null;
}

/** How a form draws one picker. */
export interface PickerPlacement {
  id: string;
  name?: string;
  label?: string;
  /** Where a choice leads, given its key. */
  href: (key: string) => string;
  /** The select's empty option ("Any" unless told); null for a required field. */
  empty?: string | null;
  /** What an empty search field means (default "Empty: every event"). */
  emptyHint?: string;
}

/** What a picker picks from: a table, its key and title columns, and how a row reads. */
export interface PickerSource<T extends ObjectLiteral> {
  entity: EntityTarget<T>;
  alias: string;
  /** Column expressions of the key (slug, ref) and title: the words are looked for in both. */
  key: string;
  title: string;
  /** Selects the detail (a date, the event's title) as `detail`, with the joins it needs. */
  detail: (qb: SelectQueryBuilder<T>) => SelectQueryBuilder<T>;
  /** The detail as read from the database, as text. */
  readDetail: (raw: unknown) => string | null;
  order: [string, 'ASC' | 'DESC'][];
  /**
   * A condition from an index that every row matching the words meets, to read fewer rows than
   * the whole table (optional; the words are matched against the title and key in any case).
   */
  narrow?: (qb: SelectQueryBuilder<T>, text: string) => void;
  /**
   * The rows its select offers (default every row), e.g. only the events that have
   * recommendations. Keys and words typed (a search field, an address) still find any row.
   */
  scope?: (qb: SelectQueryBuilder<T>) => void;
  singular: string;
  plural: string;
  /** "slug", "ref". */
  keyName: string;
  /** How a row reads in the select, in the list of choices and as the one shown. */
  option: (c: Choice) => string;
  note: (c: Choice) => string;
  shown: (c: Choice) => string;
}

/**
 * A form field that names one row at any number of rows: a select while there are few, a
 * search field (key or words of the title) beyond `PICKER_SELECT_MAX`. The parameter is the same
 * either way, so an address with a key works with both; words that are not a key are looked up
 * in the titles and keys (every word must occur, in any case).
 */
export class Picker<T extends ObjectLiteral> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly source: PickerSource<T>,
  ) {}

  /** The row the parameter stands for: a key as given, else a search of titles and keys. */
  async resolve(param: string | undefined): Promise<Pick> {
    const text = (param ?? '').trim();
    if (!text) return { kind: 'none', count: null };
    const table = this.dataSource.getRepository(this.source.entity).metadata.tableName;
    // The key, with the number of rows the form needs, in one statement.
    const byKey = await this.choices()
      .addSelect(`(SELECT COUNT(*) FROM ${table})`, 'rowCount')
      .where(`${this.source.key} = :key`, { key: text })
      .getRawOne<RawChoice & { rowCount: number | string }>();
    if (byKey) {
      return {
        kind: 'one',
        choice: this.toChoice(byKey),
        exact: true,
        count: Number(byKey.rowCount),
      };
    }
    const words = searchWords(text);
    if (words.length === 0) return { kind: 'unknown', text, count: null };
    const matching = withWordsIn(this.choices(), [this.source.title, this.source.key], words);
    this.source.narrow?.(matching, text);
    // The first few matches and how many in all, in one pass.
    const rows = await this.ordered(matching)
      .addSelect('COUNT(*) OVER ()', 'total')
      .limit(PICKER_CHOICES_SHOWN)
      .getRawMany<RawChoice & { total: number | string }>();
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    const found = (row: RawChoice): Pick => ({
      kind: 'one',
      choice: this.toChoice(row),
      exact: false,
      count: null,
    });
    if (total === 0) return { kind: 'unknown', text, count: null };
    if (total === 1) return found(rows[0]);
    // A title typed in full picks its row, even where other titles contain it.
    const same = rows.filter((r) => r.title.toLowerCase() === text.toLowerCase());
    if (same.length === 1) return found(same[0]);
    return {
      kind: 'several',
      text,
      choices: rows.map((r) => this.toChoice(r)),
      total,
      count: null,
    };
  }

  /**
   * The field as the form draws it: every row in a select when there are few, else the search
   * field with the row shown, the choices to pick from or the reason nothing matched.
   */
  async view(pick: Pick, how: PickerPlacement): Promise<PickerView> {
    const { source } = this;
    const count = pick.count ?? (await this.dataSource.getRepository(source.entity).count());
    const current = pick.kind === 'one' ? pick.choice : null;
    const options =
      count <= PICKER_SELECT_MAX
        ? (await this.ordered(this.offered()).getRawMany<RawChoice>()).map((raw) => {
            const c = this.toChoice(raw);
            return { value: c.key, label: source.option(c), selected: c.key === current?.key };
          })
        : null;
    const field = how.label ?? capitalise(source.singular);
    const empty = how.empty === undefined ? 'Any' : how.empty;
    return {
      id: how.id,
      name: how.name ?? source.singular,
      label: field,
      hint: `${source.keyName} or words of its title`,
      plural: source.plural,
      empty,
      required: empty === null,
      options,
      value: pick.kind === 'one' ? pick.choice.key : pick.kind === 'none' ? '' : pick.text,
      about: current
        ? `Showing ${source.shown(current)}`
        : pick.kind === 'several'
          ? `Several ${source.plural} match: pick one below`
          : (how.emptyHint ?? `Empty: every ${source.singular}`),
      choices:
        pick.kind === 'several'
          ? pick.choices.map((c) => ({
              label: source.option(c),
              note: source.note(c),
              href: how.href(c.key),
            }))
          : [],
      total: pick.kind === 'several' ? pick.total : 0,
      more: pick.kind === 'several' ? pick.total - pick.choices.length : 0,
      error:
        pick.kind === 'unknown'
          ? `${field}: no ${source.singular} matches "${pick.text}" (its ${source.keyName}, or words of its title)`
          : null,
    };
  }

  private choices(): SelectQueryBuilder<T> {
    const qb = this.dataSource
      .getRepository(this.source.entity)
      .createQueryBuilder(this.source.alias)
      .select(this.source.key, 'key')
      .addSelect(this.source.title, 'title');
    return this.source.detail(qb);
  }

  /** The rows the select offers: every row, or those of its scope. */
  private offered(): SelectQueryBuilder<T> {
    const qb = this.choices();
    this.source.scope?.(qb);
    return qb;
  }

  private toChoice(raw: RawChoice): Choice {
    return { key: raw.key, title: raw.title, detail: this.source.readDetail(raw.detail) };
  }

  private ordered(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    this.source.order.forEach(([column, direction], i) =>
      i === 0 ? qb.orderBy(column, direction) : qb.addOrderBy(column, direction),
    );
    return qb;
  }
}

/**
 * Rows whose columns (any of them) hold every word (any case, as plain text: `%` and `_` are
 * not wildcards), the rule of the search fields of pickers.
 */
export function withWordsIn<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  columns: readonly string[],
  words: readonly string[],
): SelectQueryBuilder<T> {
  words.forEach((word, i) => {
    qb.andWhere(`(${columns.map((c) => `LOWER(${c}) LIKE :w${i} ESCAPE '\\'`).join(' OR ')})`, {
      [`w${i}`]: `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    });
  });
  return qb;
}

interface RawChoice {
  key: string;
  title: string;
  detail: unknown;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
