import type { MigrationInterface, QueryRunner } from 'typeorm';
import { STATUS_INFO } from '../../assessments/implementation-status.enum.js';
import { isPostgres } from '../dialect.js';

/**
 * The number of pairs in scope by status, kept by triggers on every change of a pair: the
 * figures of everything (the dashboard, the progress API without filters) read six rows instead
 * of counting a million pairs. Filtered figures count through the indexes as before.
 */
export class StatusTotals1796500000000 implements MigrationInterface {
  name = 'StatusTotals1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pair_status_totals" ("status" varchar(32) PRIMARY KEY NOT NULL, "n" integer NOT NULL)`,
    );
    const [p1, p2, p3] = isPostgres(queryRunner) ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    for (const { value } of STATUS_INFO) {
      await queryRunner.query(
        `INSERT INTO "pair_status_totals" ("status", "n")
         SELECT CAST(${p1} AS varchar(32)), COUNT(*) FROM "current_statuses" WHERE "in_scope" = ${p2} AND "status" = ${p3}`,
        [value, true, value],
      );
    }
    if (isPostgres(queryRunner)) {
      await queryRunner.query(
        `CREATE FUNCTION "pair_status_totals_keep"() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."in_scope" THEN
             UPDATE "pair_status_totals" SET "n" = "n" - 1 WHERE "status" = OLD."status";
           END IF;
           IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."in_scope" THEN
             UPDATE "pair_status_totals" SET "n" = "n" + 1 WHERE "status" = NEW."status";
           END IF;
           RETURN NULL;
         END $$`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "tr_current_statuses_totals" AFTER INSERT OR DELETE OR UPDATE OF "status", "in_scope"
         ON "current_statuses" FOR EACH ROW EXECUTE FUNCTION "pair_status_totals_keep"()`,
      );
      return;
    }
    await queryRunner.query(
      `CREATE TRIGGER "tr_current_statuses_totals_insert" AFTER INSERT ON "current_statuses"
       WHEN NEW."in_scope"
       BEGIN UPDATE "pair_status_totals" SET "n" = "n" + 1 WHERE "status" = NEW."status"; END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_current_statuses_totals_update" AFTER UPDATE OF "status", "in_scope" ON "current_statuses"
       BEGIN
         UPDATE "pair_status_totals" SET "n" = "n" - 1 WHERE "status" = OLD."status" AND OLD."in_scope";
         UPDATE "pair_status_totals" SET "n" = "n" + 1 WHERE "status" = NEW."status" AND NEW."in_scope";
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_current_statuses_totals_delete" AFTER DELETE ON "current_statuses"
       WHEN OLD."in_scope"
       BEGIN UPDATE "pair_status_totals" SET "n" = "n" - 1 WHERE "status" = OLD."status"; END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query(`DROP TRIGGER "tr_current_statuses_totals" ON "current_statuses"`);
      await queryRunner.query(`DROP FUNCTION "pair_status_totals_keep"()`);
    } else {
      await queryRunner.query(`DROP TRIGGER "tr_current_statuses_totals_delete"`);
      await queryRunner.query(`DROP TRIGGER "tr_current_statuses_totals_update"`);
      await queryRunner.query(`DROP TRIGGER "tr_current_statuses_totals_insert"`);
    }
    await queryRunner.query(`DROP TABLE "pair_status_totals"`);
  }
}
