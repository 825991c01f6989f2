import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';

/**
 * The current-status rule, kept by the database itself: every assessment inserted moves its
 * pair's version on by one, and makes itself the pair's current status when it is the latest
 * by `assessed_on`, then by id. No writer can append an assessment and leave its pair behind,
 * and no writer has to know the rule: they insert assessments (through the pairs repository)
 * and read the pair back.
 */
const NEWER = `(p_assessment_id IS NULL OR p_assessed_on < NEW."assessed_on"
  OR (p_assessed_on = NEW."assessed_on" AND p_assessment_id < NEW."id"))`;

function newer(alias: string): string {
  return NEWER.replace(/p_assessment_id/g, `${alias}"assessment_id"`).replace(
    /p_assessed_on/g,
    `${alias}"assessed_on"`,
  );
}

export class PairMovedByAssessment1796900000000 implements MigrationInterface {
  name = 'PairMovedByAssessment1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      const when = newer('p.');
      await queryRunner.query(
        `CREATE FUNCTION "assessments_move_pair"() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           UPDATE "current_statuses" AS p SET
             "version" = p."version" + 1,
             "updated_at" = now(),
             "status" = CASE WHEN ${when} THEN NEW."status" ELSE p."status" END,
             "assessed_on" = CASE WHEN ${when} THEN NEW."assessed_on" ELSE p."assessed_on" END,
             "assessment_id" = CASE WHEN ${when} THEN NEW."id" ELSE p."assessment_id" END
           WHERE p."id" = NEW."pair_id";
           RETURN NULL;
         END $$`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "tr_assessments_move_pair" AFTER INSERT ON "assessments"
         FOR EACH ROW EXECUTE FUNCTION "assessments_move_pair"()`,
      );
      return;
    }
    // In an UPDATE, every SET expression reads the row as it was before the update.
    const when = newer('');
    await queryRunner.query(
      `CREATE TRIGGER "tr_assessments_move_pair" AFTER INSERT ON "assessments"
       BEGIN
         UPDATE "current_statuses" SET
           "version" = "version" + 1,
           "updated_at" = datetime('now'),
           "status" = CASE WHEN ${when} THEN NEW."status" ELSE "status" END,
           "assessed_on" = CASE WHEN ${when} THEN NEW."assessed_on" ELSE "assessed_on" END,
           "assessment_id" = CASE WHEN ${when} THEN NEW."id" ELSE "assessment_id" END
         WHERE "id" = NEW."pair_id";
       END`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query(`DROP TRIGGER "tr_assessments_move_pair" ON "assessments"`);
      await queryRunner.query(`DROP FUNCTION "assessments_move_pair"()`);
      return;
    }
    await queryRunner.query(`DROP TRIGGER "tr_assessments_move_pair"`);
  }
}
