import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Pair } from '../assessments/pair.entity.js';
import { sqlBool } from '../database/dialect.js';
import { Event } from '../events/event.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { State } from '../states/state.entity.js';
import { Theme } from '../themes/theme.entity.js';
import { Document, type DocumentKind, type DocumentStage } from './document.entity.js';
import { IssuedDocument } from './issued-document.entity.js';

/** A recommendation a document may conclude on. */
export interface ConclusionTopic {
  ref: string;
  title: string;
}

export interface DocumentFilter {
  stages?: readonly DocumentStage[];
  kind?: DocumentKind;
}

/** The SQL of documents and of what was issued of them. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(id: number, manager: EntityManager = this.dataSource.manager): Promise<Document | null> {
    return manager.getRepository(Document).findOne({ where: { id } });
  }

  /** Documents newest first (by last change), a page at a time, with how many there are. */
  async page(
    filter: DocumentFilter,
    slice: { offset: number; limit: number },
  ): Promise<[Document[], number]> {
    const qb = this.dataSource.getRepository(Document).createQueryBuilder('d');
    if (filter.stages) qb.andWhere('d.stage IN (:...stages)', { stages: [...filter.stages] });
    if (filter.kind) qb.andWhere('d.kind = :kind', { kind: filter.kind });
    return qb
      .orderBy('d.updated_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .offset(slice.offset)
      .limit(slice.limit)
      .getManyAndCount();
  }

  /** The symbols of some documents by id (for "revises" and "superseded by"). */
  async symbols(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(Document)
      .createQueryBuilder('d')
      .select(['d.id', 'd.symbol'])
      .where('d.id IN (:...ids)', { ids: [...ids] })
      .getMany();
    return new Map(rows.map((d) => [d.id, d.symbol]));
  }

  /** The next free number of a year (one more than the highest), in the writer's transaction. */
  async nextNumber(manager: EntityManager, year: number): Promise<number> {
    const row = await manager
      .getRepository(Document)
      .createQueryBuilder('d')
      .select('MAX(d.number)', 'n')
      .where('d.year = :year', { year })
      .getRawOne<{ n: number | string | null }>();
    return Number(row?.n ?? 0) + 1;
  }

  /** The highest revision made of a document's original (0 when never revised). */
  async lastRevision(manager: EntityManager, year: number, number: number): Promise<number> {
    const row = await manager
      .getRepository(Document)
      .createQueryBuilder('d')
      .select('MAX(d.revision)', 'r')
      .where('d.year = :year AND d.number = :number', { year, number })
      .getRawOne<{ r: number | string | null }>();
    return Number(row?.r ?? 0);
  }

  /** The end of the period of the last issued period document, if any. */
  async lastIssuedPeriodEnd(): Promise<string | null> {
    const last = await this.dataSource.getRepository(Document).findOne({
      where: { kind: 'period', stage: 'issued' },
      order: { issuedAt: 'DESC', id: 'DESC' },
    });
    return last?.options.to ?? (last?.issuedAt ? last.issuedAt.toISOString().slice(0, 10) : null);
  }

  issued(documentId: number): Promise<IssuedDocument | null> {
    return this.dataSource.getRepository(IssuedDocument).findOne({ where: { documentId } });
  }

  /** The hashes and page count of what was issued, without its (large) HTML and PDF. */
  async issuedSummaries(
    ids: readonly number[],
  ): Promise<Map<number, Pick<IssuedDocument, 'htmlSha256' | 'pdfSha256' | 'pdfPages'>>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(IssuedDocument)
      .createQueryBuilder('i')
      .select(['i.documentId', 'i.htmlSha256', 'i.pdfSha256', 'i.pdfPages'])
      .where('i.document_id IN (:...ids)', { ids: [...ids] })
      .getMany();
    return new Map(rows.map((i) => [i.documentId, i]));
  }

  /**
   * The recommendations a report of this kind and target speaks of, in event order: an event's
   * or a theme's, the one of a recommendation report, those in scope for a State. A period
   * report has none of its own (it concludes overall).
   */
  async conclusionTopics(kind: DocumentKind, target: string): Promise<ConclusionTopic[]> {
    const qb = this.dataSource
      .getRepository(Recommendation)
      .createQueryBuilder('r')
      .select('r.ref', 'ref')
      .addSelect('r.title', 'title')
      .orderBy('r.event_id')
      .addOrderBy('r.position')
      .addOrderBy('r.id');
    switch (kind) {
      case 'event':
        qb.innerJoin(Event, 'e', 'e.id = r.event_id').where('e.slug = :target', { target });
        break;
      case 'theme':
        qb.innerJoin('recommendation_themes', 'rt', 'rt.recommendation_id = r.id')
          .innerJoin(Theme, 't', 't.id = rt.theme_id')
          .where('t.slug = :target', { target });
        break;
      case 'recommendation':
        qb.where('r.ref = :target', { target });
        break;
      case 'state':
        qb.innerJoin(Pair, 'p', 'p.recommendation_id = r.id')
          .innerJoin(State, 's', 's.id = p.state_id')
          .where('s.iso3 = :target', { target: target.toUpperCase() })
          .andWhere('p.in_scope = :inScope', { inScope: sqlBool(this.dataSource, true) });
        break;
      default:
        return [];
    }
    return qb.getRawMany<ConclusionTopic>();
  }
}
