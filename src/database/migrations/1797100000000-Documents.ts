import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';

/**
 * Report documents and what was issued of them. An issued document never changes: the database
 * itself refuses any UPDATE or DELETE of `issued_documents`, whoever asks.
 */
export class Documents1797100000000 implements MigrationInterface {
  name = 'Documents1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return this.upPostgres(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "target" varchar(100) NOT NULL, "options" text NOT NULL, "title" varchar(300) NOT NULL, "symbol" varchar(120) NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "revision" integer NOT NULL DEFAULT (0), "revises_id" integer, "superseded_by_id" integer, "language" varchar(8) NOT NULL, "marking" varchar(16) NOT NULL, "introduction" text NOT NULL, "conclusions" text NOT NULL, "overall_conclusion" text NOT NULL, "stage" varchar(16) NOT NULL DEFAULT ('draft'), "version" integer NOT NULL DEFAULT (1), "author_id" integer, "author" varchar(200) NOT NULL, "approved_by" varchar(200), "issued_by" varchar(200), "submitted_at" datetime, "approved_at" datetime, "issued_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_93ed0ca5dfaab46c84a4dc0cab3" UNIQUE ("symbol"), CONSTRAINT "ck_documents_marking" CHECK ("marking" IN ('public', 'restricted', 'internal')), CONSTRAINT "ck_documents_stage" CHECK ("stage" IN ('draft', 'submitted', 'approved', 'issued')), CONSTRAINT "ck_documents_kind" CHECK ("kind" IN ('event', 'state', 'theme', 'recommendation', 'period')), CONSTRAINT "FK_e8dff64f49a9323a78e4ceb3f09" FOREIGN KEY ("revises_id") REFERENCES "documents" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_85d4e65f38815d121b87e9ed7aa" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_documents_stage" ON "documents" ("stage", "updated_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_documents_number" ON "documents" ("year", "number", "revision") `,
    );
    await queryRunner.query(
      `CREATE TABLE "issued_documents" ("document_id" integer PRIMARY KEY NOT NULL, "html" text NOT NULL, "pdf" text NOT NULL, "html_sha256" varchar(64) NOT NULL, "pdf_sha256" varchar(64) NOT NULL, "pdf_pages" integer NOT NULL, "issued_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_5a9d64c661c65c1985c14f08d65" FOREIGN KEY ("document_id") REFERENCES "documents" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    for (const event of ['UPDATE', 'DELETE']) {
      await queryRunner.query(
        `CREATE TRIGGER "tr_issued_documents_no_${event.toLowerCase()}" BEFORE ${event} ON "issued_documents"
         BEGIN SELECT RAISE(ABORT, 'an issued document never changes'); END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query(`DROP TABLE "issued_documents"`);
      await queryRunner.query(`DROP FUNCTION "issued_documents_never_change"()`);
      await queryRunner.query(`DROP TABLE "documents"`);
      return;
    }
    await queryRunner.query(`DROP TABLE "issued_documents"`);
    await queryRunner.query(`DROP INDEX "ux_documents_number"`);
    await queryRunner.query(`DROP INDEX "ix_documents_stage"`);
    await queryRunner.query(`DROP TABLE "documents"`);
  }

  /** PostgreSQL: the same tables, checks and names; a trigger function refuses the changes. */
  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" SERIAL NOT NULL, "kind" character varying(16) NOT NULL, "target" character varying(100) NOT NULL, "options" text NOT NULL, "title" character varying(300) NOT NULL, "symbol" character varying(120) NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "revision" integer NOT NULL DEFAULT '0', "revises_id" integer, "superseded_by_id" integer, "language" character varying(8) NOT NULL, "marking" character varying(16) NOT NULL, "introduction" text NOT NULL, "conclusions" text NOT NULL, "overall_conclusion" text NOT NULL, "stage" character varying(16) NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "author_id" integer, "author" character varying(200) NOT NULL, "approved_by" character varying(200), "issued_by" character varying(200), "submitted_at" TIMESTAMP, "approved_at" TIMESTAMP, "issued_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_93ed0ca5dfaab46c84a4dc0cab3" UNIQUE ("symbol"), CONSTRAINT "ck_documents_marking" CHECK ("marking" IN ('public', 'restricted', 'internal')), CONSTRAINT "ck_documents_stage" CHECK ("stage" IN ('draft', 'submitted', 'approved', 'issued')), CONSTRAINT "ck_documents_kind" CHECK ("kind" IN ('event', 'state', 'theme', 'recommendation', 'period')), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_documents_stage" ON "documents" ("stage", "updated_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_documents_number" ON "documents" ("year", "number", "revision") `,
    );
    await queryRunner.query(
      `CREATE TABLE "issued_documents" ("document_id" integer NOT NULL, "html" text NOT NULL, "pdf" text NOT NULL, "html_sha256" character varying(64) NOT NULL, "pdf_sha256" character varying(64) NOT NULL, "pdf_pages" integer NOT NULL, "issued_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_5a9d64c661c65c1985c14f08d65" PRIMARY KEY ("document_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_e8dff64f49a9323a78e4ceb3f09" FOREIGN KEY ("revises_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_85d4e65f38815d121b87e9ed7aa" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "issued_documents" ADD CONSTRAINT "FK_5a9d64c661c65c1985c14f08d65" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "issued_documents_never_change"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'an issued document never changes'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_issued_documents_never_change" BEFORE UPDATE OR DELETE ON "issued_documents"
       FOR EACH ROW EXECUTE FUNCTION "issued_documents_never_change"()`,
    );
  }
}
