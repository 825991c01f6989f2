import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over recommendations (ref, title, text) with SQLite FTS5. The index mirrors
 * the `recommendations` table through triggers, so it never needs a separate refresh.
 */
export class RecommendationSearch1796100000000 implements MigrationInterface {
  name = 'RecommendationSearch1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
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
    await queryRunner.query(`DROP TRIGGER "tr_recommendations_fts_update"`);
    await queryRunner.query(`DROP TRIGGER "tr_recommendations_fts_delete"`);
    await queryRunner.query(`DROP TRIGGER "tr_recommendations_fts_insert"`);
    await queryRunner.query(`DROP TABLE "recommendations_fts"`);
  }
}
