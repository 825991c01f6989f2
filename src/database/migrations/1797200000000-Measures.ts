import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';

/**
 * How each recommendation is measured (graded, milestones, a count, a rating), as versions that
 * are only ever added: the database refuses to update or delete one. Each assessment may carry
 * the fact it records, the status the measure derived from it, and an analyst's reason for
 * overriding that status. The new columns are nullable: the assessments recorded before keep
 * their meaning (a judgement on the scale), and none is rewritten.
 */
export class Measures1797200000000 implements MigrationInterface {
  name = 'Measures1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return this.upPostgres(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "measures" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "recommendation_id" integer NOT NULL, "version" integer NOT NULL, "kind" varchar(16) NOT NULL, "rule" text, "effective_on" date NOT NULL, "note" text, "author" varchar(200) NOT NULL, "user_id" integer, "api_token_id" integer, "recorded_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "uq_measures_recommendation_version" UNIQUE ("recommendation_id", "version"), CONSTRAINT "ck_measures_kind" CHECK ("kind" IN ('graded', 'milestones', 'count', 'rating')), CONSTRAINT "FK_2738e30b618b3ef854638795d15" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_7d402f9f07ee1ef7cd8a53b122c" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_8d2cd0c2e1bad8da612a062f16a" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    for (const event of ['UPDATE', 'DELETE']) {
      await queryRunner.query(
        `CREATE TRIGGER "tr_measures_no_${event.toLowerCase()}" BEFORE ${event} ON "measures"
         BEGIN SELECT RAISE(ABORT, 'measures are only added: set a new version instead'); END`,
      );
    }
    // Added columns, not a rebuilt table: the triggers on assessments stay as they are.
    await queryRunner.query(`ALTER TABLE "assessments" ADD COLUMN "fact" text`);
    await queryRunner.query(`ALTER TABLE "assessments" ADD COLUMN "derived_status" varchar(32)`);
    await queryRunner.query(`ALTER TABLE "assessments" ADD COLUMN "override_reason" text`);
    await queryRunner.query(`ALTER TABLE "assessments" ADD COLUMN "measure_version" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      for (const column of ['measure_version', 'override_reason', 'derived_status', 'fact']) {
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "${column}"`);
      }
      await queryRunner.query(`DROP TABLE "measures"`);
      await queryRunner.query(`DROP FUNCTION "measures_only_added"()`);
      return;
    }
    for (const column of ['measure_version', 'override_reason', 'derived_status', 'fact']) {
      await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`DROP TABLE "measures"`);
  }

  /** PostgreSQL: the same table, names and columns; a trigger function refuses the changes. */
  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "measures" ("id" SERIAL NOT NULL, "recommendation_id" integer NOT NULL, "version" integer NOT NULL, "kind" character varying(16) NOT NULL, "rule" text, "effective_on" date NOT NULL, "note" text, "author" character varying(200) NOT NULL, "user_id" integer, "api_token_id" integer, "recorded_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "uq_measures_recommendation_version" UNIQUE ("recommendation_id", "version"), CONSTRAINT "ck_measures_kind" CHECK ("kind" IN ('graded', 'milestones', 'count', 'rating')), CONSTRAINT "PK_ec34a47385441849095def20546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "measures" ADD CONSTRAINT "FK_2738e30b618b3ef854638795d15" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "measures" ADD CONSTRAINT "FK_7d402f9f07ee1ef7cd8a53b122c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "measures" ADD CONSTRAINT "FK_8d2cd0c2e1bad8da612a062f16a" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "measures_only_added"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'measures are only added: set a new version instead'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_measures_only_added" BEFORE UPDATE OR DELETE ON "measures"
       FOR EACH ROW EXECUTE FUNCTION "measures_only_added"()`,
    );
    await queryRunner.query(`ALTER TABLE "assessments" ADD "fact" text`);
    await queryRunner.query(`ALTER TABLE "assessments" ADD "derived_status" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "assessments" ADD "override_reason" text`);
    await queryRunner.query(`ALTER TABLE "assessments" ADD "measure_version" integer`);
  }
}
