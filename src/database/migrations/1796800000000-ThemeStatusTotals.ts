import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';

/**
 * The number of pairs in scope by theme and status, kept by triggers: on every change of a pair
 * (for each theme of its recommendation), and on every theme given to or taken from a
 * recommendation (all of its pairs at once). The current figures of a theme (its page, the
 * themes list, the progress API by theme) read a few rows instead of counting the pairs of
 * thousands of recommendations. A theme's row of a status may be missing: none.
 */
export class ThemeStatusTotals1796800000000 implements MigrationInterface {
  name = 'ThemeStatusTotals1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "theme_status_totals" (
        "theme_id" integer NOT NULL REFERENCES "themes" ("id") ON DELETE CASCADE,
        "status" varchar(32) NOT NULL,
        "n" integer NOT NULL,
        PRIMARY KEY ("theme_id", "status")
      )`,
    );
    await queryRunner.query(
      `INSERT INTO "theme_status_totals" ("theme_id", "status", "n")
       SELECT rt."theme_id", p."status", COUNT(*)
       FROM "recommendation_themes" rt
       JOIN "current_statuses" p ON p."recommendation_id" = rt."recommendation_id"
       WHERE p."in_scope" = ${isPostgres(queryRunner) ? 'true' : '1'}
       GROUP BY rt."theme_id", p."status"`,
    );
    if (isPostgres(queryRunner)) await this.triggersPostgres(queryRunner);
    else await this.triggersSqlite(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query(
        `DROP TRIGGER "tr_recommendation_themes_theme_totals" ON "recommendation_themes"`,
      );
      await queryRunner.query(
        `DROP TRIGGER "tr_current_statuses_theme_totals" ON "current_statuses"`,
      );
      await queryRunner.query(`DROP FUNCTION "theme_status_totals_link"()`);
      await queryRunner.query(`DROP FUNCTION "theme_status_totals_pair"()`);
    } else {
      for (const name of [
        'tr_theme_totals_pair_insert',
        'tr_theme_totals_pair_update',
        'tr_theme_totals_pair_delete',
        'tr_theme_totals_link_insert',
        'tr_theme_totals_link_delete',
      ]) {
        await queryRunner.query(`DROP TRIGGER "${name}"`);
      }
    }
    await queryRunner.query(`DROP TABLE "theme_status_totals"`);
  }

  private async triggersSqlite(queryRunner: QueryRunner): Promise<void> {
    /** Adds a pair of `row` to each theme of its recommendation, when `when` holds. */
    const add = (row: 'NEW', when: string) =>
      `INSERT INTO "theme_status_totals" ("theme_id", "status", "n")
       SELECT rt."theme_id", ${row}."status", 1 FROM "recommendation_themes" rt
       WHERE ${when} AND rt."recommendation_id" = ${row}."recommendation_id"
       ON CONFLICT ("theme_id", "status") DO UPDATE SET "n" = "n" + 1;`;
    /** Takes a pair of `row` from each theme of its recommendation, when `when` holds. */
    const take = (row: 'OLD', when: string) =>
      `UPDATE "theme_status_totals" SET "n" = "n" - 1
       WHERE ${when} AND "status" = ${row}."status" AND "theme_id" IN
         (SELECT rt."theme_id" FROM "recommendation_themes" rt
          WHERE rt."recommendation_id" = ${row}."recommendation_id");`;
    await queryRunner.query(
      `CREATE TRIGGER "tr_theme_totals_pair_insert" AFTER INSERT ON "current_statuses"
       BEGIN ${add('NEW', 'NEW."in_scope"')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_theme_totals_pair_update" AFTER UPDATE OF "status", "in_scope" ON "current_statuses"
       BEGIN ${take('OLD', 'OLD."in_scope"')} ${add('NEW', 'NEW."in_scope"')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_theme_totals_pair_delete" AFTER DELETE ON "current_statuses"
       BEGIN ${take('OLD', 'OLD."in_scope"')} END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_theme_totals_link_insert" AFTER INSERT ON "recommendation_themes"
       BEGIN
         INSERT INTO "theme_status_totals" ("theme_id", "status", "n")
         SELECT NEW."theme_id", p."status", COUNT(*) FROM "current_statuses" p
         WHERE p."recommendation_id" = NEW."recommendation_id" AND p."in_scope"
         GROUP BY p."status"
         ON CONFLICT ("theme_id", "status") DO UPDATE SET "n" = "n" + excluded."n";
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_theme_totals_link_delete" AFTER DELETE ON "recommendation_themes"
       BEGIN
         UPDATE "theme_status_totals" SET "n" = "n" - (
           SELECT COUNT(*) FROM "current_statuses" p
           WHERE p."recommendation_id" = OLD."recommendation_id" AND p."in_scope"
             AND p."status" = "theme_status_totals"."status")
         WHERE "theme_id" = OLD."theme_id";
       END`,
    );
  }

  private async triggersPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION "theme_status_totals_pair"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."in_scope" THEN
           UPDATE "theme_status_totals" t SET "n" = t."n" - 1
           FROM "recommendation_themes" rt
           WHERE rt."recommendation_id" = OLD."recommendation_id" AND t."theme_id" = rt."theme_id"
             AND t."status" = OLD."status";
         END IF;
         IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."in_scope" THEN
           INSERT INTO "theme_status_totals" ("theme_id", "status", "n")
           SELECT rt."theme_id", NEW."status", 1 FROM "recommendation_themes" rt
           WHERE rt."recommendation_id" = NEW."recommendation_id"
           ON CONFLICT ("theme_id", "status") DO UPDATE SET "n" = "theme_status_totals"."n" + 1;
         END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_current_statuses_theme_totals"
       AFTER INSERT OR DELETE OR UPDATE OF "status", "in_scope" ON "current_statuses"
       FOR EACH ROW EXECUTE FUNCTION "theme_status_totals_pair"()`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "theme_status_totals_link"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           UPDATE "theme_status_totals" t SET "n" = t."n" - c."n"
           FROM (SELECT "status", COUNT(*) AS "n" FROM "current_statuses"
                 WHERE "recommendation_id" = OLD."recommendation_id" AND "in_scope"
                 GROUP BY "status") c
           WHERE t."theme_id" = OLD."theme_id" AND t."status" = c."status";
           RETURN NULL;
         END IF;
         INSERT INTO "theme_status_totals" ("theme_id", "status", "n")
         SELECT NEW."theme_id", "status", COUNT(*) FROM "current_statuses"
         WHERE "recommendation_id" = NEW."recommendation_id" AND "in_scope"
         GROUP BY "status"
         ON CONFLICT ("theme_id", "status") DO UPDATE SET "n" = "theme_status_totals"."n" + EXCLUDED."n";
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_recommendation_themes_theme_totals"
       AFTER INSERT OR DELETE ON "recommendation_themes"
       FOR EACH ROW EXECUTE FUNCTION "theme_status_totals_link"()`,
    );
  }
}
