import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';

/** Uploaded files of assessments, kept from their dry run until they are applied or discarded. */
export class Imports1796200000000 implements MigrationInterface {
  name = 'Imports1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return this.upPostgres(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "imports" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "user_id" integer,
        "api_token_id" integer,
        "uploaded_by" varchar(200) NOT NULL,
        "filename" varchar(255) NOT NULL,
        "format" varchar(8) NOT NULL,
        "content" text NOT NULL,
        "counts" text NOT NULL,
        "pair_versions" text NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT ('dry-run'),
        "created_at" datetime NOT NULL DEFAULT (datetime('now')),
        "applied_at" datetime,
        CONSTRAINT "ck_imports_format" CHECK ("format" IN ('csv', 'xlsx')),
        CONSTRAINT "ck_imports_status" CHECK ("status" IN ('dry-run', 'applied', 'discarded')),
        CONSTRAINT "FK_03e69994a0b9e3084b4790f8d7b" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "FK_d4f4544435f8232b29f5f8a1185" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(`CREATE INDEX "ix_imports_created_at" ON "imports" ("created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return this.downPostgres(queryRunner);
    await queryRunner.query(`DROP INDEX "ix_imports_created_at"`);
    await queryRunner.query(`DROP TABLE "imports"`);
  }

  /** PostgreSQL: the same table, checks and names. */
  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "imports" ("id" SERIAL NOT NULL, "user_id" integer, "api_token_id" integer, "uploaded_by" character varying(200) NOT NULL, "filename" character varying(255) NOT NULL, "format" character varying(8) NOT NULL, "content" text NOT NULL, "counts" text NOT NULL, "pair_versions" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'dry-run', "created_at" TIMESTAMP NOT NULL DEFAULT now(), "applied_at" TIMESTAMP, CONSTRAINT "ck_imports_format" CHECK ("format" IN ('csv', 'xlsx')), CONSTRAINT "ck_imports_status" CHECK ("status" IN ('dry-run', 'applied', 'discarded')), CONSTRAINT "PK_ea10c62f5eb1d75e83d8b5225db" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_imports_created_at" ON "imports" ("created_at")`);
    await queryRunner.query(
      `ALTER TABLE "imports" ADD CONSTRAINT "FK_03e69994a0b9e3084b4790f8d7b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "imports" ADD CONSTRAINT "FK_d4f4544435f8232b29f5f8a1185" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  private async downPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_imports_created_at"`);
    await queryRunner.query(`DROP TABLE "imports"`);
  }
}
