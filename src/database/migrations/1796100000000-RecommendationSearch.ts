import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';

/**
 * Full-text search over recommendations (ref, title, text) with SQLite FTS5. The index mirrors
 * the `recommendations` table through triggers, so it never needs a separate refresh.
 */
export class RecommendationSearch1796100000000 implements MigrationInterface {
  name = 'RecommendationSearch1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return this.upPostgres(queryRunner);
    await queryRunner.query(
      `CREATE VIRTUAL TABLE "recommendations_fts" USING fts5(
        ref, title, text,
        content='recommendations', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
      )`,
    );
    await queryRunner.query(
      `INSERT INTO "recommendations_fts" ("recommendations_fts") VALUES ('rebuild')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_recommendations_fts_insert" AFTER INSERT ON "recommendations" BEGIN
         INSERT INTO "recommendations_fts" (rowid, ref, title, text) VALUES (new.id, new.ref, new.title, new.text);
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_recommendations_fts_delete" AFTER DELETE ON "recommendations" BEGIN
         INSERT INTO "recommendations_fts" ("recommendations_fts", rowid, ref, title, text) VALUES ('delete', old.id, old.ref, old.title, old.text);
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_recommendations_fts_update" AFTER UPDATE ON "recommendations" BEGIN
         INSERT INTO "recommendations_fts" ("recommendations_fts", rowid, ref, title, text) VALUES ('delete', old.id, old.ref, old.title, old.text);
         INSERT INTO "recommendations_fts" (rowid, ref, title, text) VALUES (new.id, new.ref, new.title, new.text);
       END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return this.downPostgres(queryRunner);
    await queryRunner.query(`DROP TRIGGER "tr_recommendations_fts_update"`);
    await queryRunner.query(`DROP TRIGGER "tr_recommendations_fts_delete"`);
    await queryRunner.query(`DROP TRIGGER "tr_recommendations_fts_insert"`);
    await queryRunner.query(`DROP TABLE "recommendations_fts"`);
  }

  /**
   * PostgreSQL: a tsvector per recommendation in `recommendations_search` (GIN index), kept in
   * step by a trigger; a deleted recommendation takes its row along (ON DELETE CASCADE). The
   * 'simple' configuration folds case; diacritics are folded since SearchWithoutAccents.
   */
  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "recommendations_search" (
        "id" integer PRIMARY KEY NOT NULL REFERENCES "recommendations" ("id") ON DELETE CASCADE,
        "document" tsvector NOT NULL
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_recommendations_search_document" ON "recommendations_search" USING GIN ("document")`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "recommendations_search_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO "recommendations_search" ("id", "document")
         VALUES (NEW."id", to_tsvector('simple', NEW."ref" || ' ' || NEW."title" || ' ' || NEW."text"))
         ON CONFLICT ("id") DO UPDATE SET "document" = EXCLUDED."document";
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_recommendations_search" AFTER INSERT OR UPDATE OF "ref", "title", "text"
       ON "recommendations" FOR EACH ROW EXECUTE FUNCTION "recommendations_search_sync"()`,
    );
    await queryRunner.query(
      `INSERT INTO "recommendations_search" ("id", "document")
       SELECT "id", to_tsvector('simple', "ref" || ' ' || "title" || ' ' || "text") FROM "recommendations"`,
    );
  }

  private async downPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_recommendations_search" ON "recommendations"`);
    await queryRunner.query(`DROP FUNCTION "recommendations_search_sync"()`);
    await queryRunner.query(`DROP TABLE "recommendations_search"`);
  }
}
