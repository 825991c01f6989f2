import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';

/**
 * PostgreSQL: search folds diacritics, as SQLite's FTS5 tokenizer does ("turkiye" finds
 * "Türkiye"): the documents and the queries go through `unaccent` (a trusted extension of
 * PostgreSQL's own, which the database's owner may create). SQLite: nothing to do.
 */
export class SearchWithoutAccents1796600000000 implements MigrationInterface {
  name = 'SearchWithoutAccents1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!isPostgres(queryRunner)) return;
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "unaccent"`);
    await this.documents(queryRunner, `unaccent(%s)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (!isPostgres(queryRunner)) return;
    await this.documents(queryRunner, `%s`);
  }

  /** The sync function and every document, with `wrap` around the text of a recommendation. */
  private async documents(queryRunner: QueryRunner, wrap: string): Promise<void> {
    const of = (alias: string) =>
      wrap.replace('%s', `${alias}."ref" || ' ' || ${alias}."title" || ' ' || ${alias}."text"`);
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION "recommendations_search_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO "recommendations_search" ("id", "document")
         VALUES (NEW."id", to_tsvector('simple', ${of('NEW')}))
         ON CONFLICT ("id") DO UPDATE SET "document" = EXCLUDED."document";
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `UPDATE "recommendations_search" s SET "document" = to_tsvector('simple', ${of('r')})
       FROM "recommendations" r WHERE r."id" = s."id"`,
    );
  }
}
