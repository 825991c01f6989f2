import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../dialect.js';

/**
 * Users and their State limits, API tokens, the audit log, web sessions, instance settings, and
 * who recorded each assessment.
 */
export class Accounts1795900000000 implements MigrationInterface {
  name = 'Accounts1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return this.upPostgres(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "users" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "username" varchar(64) NOT NULL,
        "display_name" varchar(200) NOT NULL,
        "password_hash" varchar(255) NOT NULL,
        "role" varchar(16) NOT NULL,
        "must_change_password" boolean NOT NULL DEFAULT (0),
        "active" boolean NOT NULL DEFAULT (1),
        "version" integer NOT NULL DEFAULT (1),
        "created_at" datetime NOT NULL DEFAULT (datetime('now')),
        "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
        CONSTRAINT "ck_users_role" CHECK ("role" IN ('admin', 'analyst', 'viewer')),
        CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_states" (
        "user_id" integer NOT NULL,
        "state_id" integer NOT NULL,
        CONSTRAINT "FK_7cf4d49458b69c5d23a27b6992c" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT "FK_e22c39fe87d02a87e60c2f1ddf1" FOREIGN KEY ("state_id") REFERENCES "states" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        PRIMARY KEY ("user_id", "state_id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7cf4d49458b69c5d23a27b6992" ON "user_states" ("user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e22c39fe87d02a87e60c2f1ddf" ON "user_states" ("state_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "api_tokens" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "name" varchar(100) NOT NULL,
        "token_hash" varchar(64) NOT NULL,
        "prefix" varchar(16) NOT NULL,
        "role" varchar(16) NOT NULL,
        "created_by_id" integer,
        "created_at" datetime NOT NULL DEFAULT (datetime('now')),
        "expires_at" datetime,
        "last_used_at" datetime,
        "revoked_at" datetime,
        CONSTRAINT "UQ_bbd687a104e1921e6702c6e3aad" UNIQUE ("token_hash"),
        CONSTRAINT "ck_api_tokens_role" CHECK ("role" IN ('admin', 'analyst', 'viewer')),
        CONSTRAINT "FK_a17eb380a7c7622315c02725aff" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "api_token_states" (
        "api_token_id" integer NOT NULL,
        "state_id" integer NOT NULL,
        CONSTRAINT "FK_ad5d829221d8c88a717398b87f8" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT "FK_3b50945c719f6d80c1d787dcef3" FOREIGN KEY ("state_id") REFERENCES "states" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
        PRIMARY KEY ("api_token_id", "state_id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ad5d829221d8c88a717398b87f" ON "api_token_states" ("api_token_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3b50945c719f6d80c1d787dcef" ON "api_token_states" ("state_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_events" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "at" datetime NOT NULL DEFAULT (datetime('now')),
        "action" varchar(64) NOT NULL,
        "actor" varchar(200) NOT NULL,
        "user_id" integer,
        "api_token_id" integer,
        "target" varchar(200),
        "detail" text,
        "source_ip" varchar(64)
      )`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_events_at" ON "audit_events" ("at")`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_action" ON "audit_events" ("action", "at")`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_audit_events_no_update" BEFORE UPDATE ON "audit_events"
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_audit_events_no_delete" BEFORE DELETE ON "audit_events"
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" (
        "sid" varchar(128) PRIMARY KEY NOT NULL,
        "user_id" integer,
        "data" text NOT NULL,
        "expires_at" integer NOT NULL,
        "created_at" datetime NOT NULL DEFAULT (datetime('now'))
      )`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sessions_user" ON "sessions" ("user_id")`);
    await queryRunner.query(`CREATE INDEX "ix_sessions_expires_at" ON "sessions" ("expires_at")`);
    await queryRunner.query(
      `CREATE TABLE "settings" ("key" varchar(64) PRIMARY KEY NOT NULL, "value" text NOT NULL)`,
    );
    // SQLite cannot add a column with a foreign key in place as TypeORM describes it, so the
    // table is rebuilt; that drops its triggers, which are created again below.
    await queryRunner.query(`DROP INDEX "ix_assessments_pair_assessed_on"`);
    await queryRunner.query(`DROP INDEX "ix_assessments_recorded_at"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_assessments" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "pair_id" integer NOT NULL,
        "status" varchar(32) NOT NULL,
        "assessed_on" date NOT NULL,
        "note" text,
        "internal_note" text,
        "evidence_url" varchar(2000),
        "evidence_citation" varchar(1000),
        "author" varchar(200) NOT NULL,
        "recorded_at" datetime NOT NULL DEFAULT (datetime('now')),
        "user_id" integer,
        "api_token_id" integer,
        CONSTRAINT "FK_5c2a736dd61734f9b3ca1558d3e" FOREIGN KEY ("pair_id") REFERENCES "current_statuses" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "FK_fea6577dc5ea31653d99fe4b649" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "FK_f38e0ebdfa6a750331036337144" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_assessments" ("id", "pair_id", "status", "assessed_on", "note", "internal_note", "evidence_url", "evidence_citation", "author", "recorded_at")
       SELECT "id", "pair_id", "status", "assessed_on", "note", "internal_note", "evidence_url", "evidence_citation", "author", "recorded_at" FROM "assessments"`,
    );
    await queryRunner.query(`DROP TABLE "assessments"`);
    await queryRunner.query(`ALTER TABLE "temporary_assessments" RENAME TO "assessments"`);
    await queryRunner.query(
      `CREATE INDEX "ix_assessments_pair_assessed_on" ON "assessments" ("pair_id", "assessed_on", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assessments_recorded_at" ON "assessments" ("recorded_at")`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_assessments_no_update" BEFORE UPDATE ON "assessments"
       BEGIN SELECT RAISE(ABORT, 'assessments are append-only: record a new assessment instead'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_assessments_no_delete" BEFORE DELETE ON "assessments"
       BEGIN SELECT RAISE(ABORT, 'assessments are append-only: they cannot be deleted'); END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return this.downPostgres(queryRunner);
    // DROP COLUMN keeps the table (and its triggers); the foreign keys go with the columns.
    await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "api_token_id"`);
    await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "user_id"`);
    await queryRunner.query(`DROP TABLE "settings"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP TRIGGER "tr_audit_events_no_delete"`);
    await queryRunner.query(`DROP TRIGGER "tr_audit_events_no_update"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP TABLE "api_token_states"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
    await queryRunner.query(`DROP TABLE "user_states"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }

  /**
   * PostgreSQL: the same tables and names; the two columns are added to `assessments` in place,
   * which keeps its triggers.
   */
  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" SERIAL NOT NULL, "username" character varying(64) NOT NULL, "display_name" character varying(200) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(16) NOT NULL, "must_change_password" boolean NOT NULL DEFAULT false, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"), CONSTRAINT "ck_users_role" CHECK ("role" IN ('admin', 'analyst', 'viewer')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_states" ("user_id" integer NOT NULL, "state_id" integer NOT NULL, CONSTRAINT "PK_e857a8029b3efec0b00dfe85650" PRIMARY KEY ("user_id", "state_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7cf4d49458b69c5d23a27b6992" ON "user_states" ("user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e22c39fe87d02a87e60c2f1ddf" ON "user_states" ("state_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "api_tokens" ("id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "token_hash" character varying(64) NOT NULL, "prefix" character varying(16) NOT NULL, "role" character varying(16) NOT NULL, "created_by_id" integer, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "expires_at" TIMESTAMP, "last_used_at" TIMESTAMP, "revoked_at" TIMESTAMP, CONSTRAINT "UQ_bbd687a104e1921e6702c6e3aad" UNIQUE ("token_hash"), CONSTRAINT "ck_api_tokens_role" CHECK ("role" IN ('admin', 'analyst', 'viewer')), CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "api_token_states" ("api_token_id" integer NOT NULL, "state_id" integer NOT NULL, CONSTRAINT "PK_4fb566a8fea9e9d8f1fb8e8d013" PRIMARY KEY ("api_token_id", "state_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ad5d829221d8c88a717398b87f" ON "api_token_states" ("api_token_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3b50945c719f6d80c1d787dcef" ON "api_token_states" ("state_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" SERIAL NOT NULL, "at" TIMESTAMP NOT NULL DEFAULT now(), "action" character varying(64) NOT NULL, "actor" character varying(200) NOT NULL, "user_id" integer, "api_token_id" integer, "target" character varying(200), "detail" text, "source_ip" character varying(64), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_action" ON "audit_events" ("action", "at")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_events_at" ON "audit_events" ("at")`);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("sid" character varying(128) NOT NULL, "user_id" integer, "data" text NOT NULL, "expires_at" integer NOT NULL, "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_e2d6172ca19b8ebef797c362b05" PRIMARY KEY ("sid"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sessions_user" ON "sessions" ("user_id")`);
    await queryRunner.query(`CREATE INDEX "ix_sessions_expires_at" ON "sessions" ("expires_at")`);
    await queryRunner.query(
      `CREATE TABLE "settings" ("key" character varying(64) NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_c8639b7626fa94ba8265628f214" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_states" ADD CONSTRAINT "FK_7cf4d49458b69c5d23a27b6992c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_states" ADD CONSTRAINT "FK_e22c39fe87d02a87e60c2f1ddf1" FOREIGN KEY ("state_id") REFERENCES "states"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_tokens" ADD CONSTRAINT "FK_a17eb380a7c7622315c02725aff" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_token_states" ADD CONSTRAINT "FK_ad5d829221d8c88a717398b87f8" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_token_states" ADD CONSTRAINT "FK_3b50945c719f6d80c1d787dcef3" FOREIGN KEY ("state_id") REFERENCES "states"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(`ALTER TABLE "assessments" ADD "user_id" integer`);
    await queryRunner.query(`ALTER TABLE "assessments" ADD "api_token_id" integer`);
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "FK_fea6577dc5ea31653d99fe4b649" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "FK_f38e0ebdfa6a750331036337144" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'the audit log is append-only';
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_audit_events_no_update" BEFORE UPDATE ON "audit_events"
       FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_audit_events_no_delete" BEFORE DELETE ON "audit_events"
       FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
       FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()`,
    );
  }

  private async downPostgres(queryRunner: QueryRunner): Promise<void> {
    // DROP COLUMN keeps the table (and its triggers); the foreign keys go with the columns.
    await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "api_token_id"`);
    await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "user_id"`);
    await queryRunner.query(`DROP TABLE "settings"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP FUNCTION "audit_events_append_only"()`);
    await queryRunner.query(`DROP TABLE "api_token_states"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
    await queryRunner.query(`DROP TABLE "user_states"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
