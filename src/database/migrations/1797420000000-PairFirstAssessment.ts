import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';
import { PairMovedByAssessment1796900000000 } from './1796900000000-PairMovedByAssessment.js';

/**
 * Each pair also keeps the date of its earliest assessment, `first_assessed_on` (null while it
 * was never assessed), set by the trigger that moves the pair on every assessment inserted. With
 * the date of its current assessment, it decides most pairs' status as of a date from the pair
 * alone: none before the first assessment, the current one from its date on. Only the pairs
 * assessed both before and after the date look up the assessment in force, so the counts of a
 * State's pairs as of a date read a fraction of the pages they did at 3 million assessments.
 * The index on a pair's State, scope, status and date holds it too, for those counts to read
 * the index alone.
 *
 * Reversible: down() drops the column and index and puts back the trigger of
 * PairMovedByAssessment.
 */
const NEWER = `(p_assessment_id IS NULL OR p_assessed_on < NEW."assessed_on"
  OR (p_assessed_on = NEW."assessed_on" AND p_assessment_id < NEW."id"))`;
const EARLIER = `(p_first_assessed_on IS NULL OR NEW."assessed_on" < p_first_assessed_on)`;

/** A condition on the pair (`alias`, with its dot, or '' for the row itself) before the update. */
function on(condition: string, alias: string): string {
  return condition.replace(/p_(\w+)/g, (_, column: string) => `${alias}"${column}"`);
}

/** The SET list of the pair moved by assessment NEW: the one before, and the first date. */
function moves(alias: string, now: string): string {
  const newer = on(NEWER, alias);
  return `"version" = ${alias}"version" + 1,
           "updated_at" = ${now},
           "status" = CASE WHEN ${newer} THEN NEW."status" ELSE ${alias}"status" END,
           "assessed_on" = CASE WHEN ${newer} THEN NEW."assessed_on" ELSE ${alias}"assessed_on" END,
           "assessment_id" = CASE WHEN ${newer} THEN NEW."id" ELSE ${alias}"assessment_id" END,
           "first_assessed_on" = CASE WHEN ${on(EARLIER, alias)} THEN NEW."assessed_on" ELSE ${alias}"first_assessed_on" END`;
}

export class PairFirstAssessment1797420000000 implements MigrationInterface {
  name = 'PairFirstAssessment1797420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "current_statuses" ADD COLUMN "first_assessed_on" date`);
    // Only the new column changes: the triggers on a pair's status and scope are not run.
    await queryRunner.query(
      `UPDATE "current_statuses" SET "first_assessed_on" =
         (SELECT MIN(a."assessed_on") FROM "assessments" a WHERE a."pair_id" = "current_statuses"."id")
       WHERE "assessment_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_current_statuses_state_status_dates" ON "current_statuses" ("state_id", "in_scope", "status", "assessed_on", "first_assessed_on")`,
    );
    await queryRunner.query(`DROP INDEX "ix_current_statuses_state_status_date"`);
    if (isPostgres(queryRunner)) {
      // The trigger stays; its function is replaced.
      await queryRunner.query(
        `CREATE OR REPLACE FUNCTION "assessments_move_pair"() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           UPDATE "current_statuses" AS p SET
           ${moves('p.', 'now()')}
           WHERE p."id" = NEW."pair_id";
           RETURN NULL;
         END $$`,
      );
      return;
    }
    await queryRunner.query(`DROP TRIGGER "tr_assessments_move_pair"`);
    // In an UPDATE, every SET expression reads the row as it was before the update.
    await queryRunner.query(
      `CREATE TRIGGER "tr_assessments_move_pair" AFTER INSERT ON "assessments"
       BEGIN
         UPDATE "current_statuses" SET
           ${moves('', "datetime('now')")}
         WHERE "id" = NEW."pair_id";
       END`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const previous = new PairMovedByAssessment1796900000000();
    await previous.down(queryRunner);
    await previous.up(queryRunner);
    await queryRunner.query(
      `CREATE INDEX "ix_current_statuses_state_status_date" ON "current_statuses" ("state_id", "in_scope", "status", "assessed_on")`,
    );
    await queryRunner.query(`DROP INDEX "ix_current_statuses_state_status_dates"`);
    await queryRunner.query(`ALTER TABLE "current_statuses" DROP COLUMN "first_assessed_on"`);
  }
}
